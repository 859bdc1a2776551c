package io.driftguard.core.store;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * Which version a rollback returns to, from the ordered switches of the live model ({@code action,
 * version, previous_version}): a promote pushes the version it replaced, a rollback pops one. Shared
 * by the registry directory and PostgreSQL so both answer alike.
 */
public final class LiveHistory {

    private LiveHistory() {}

    /** The version a rollback makes live now, or null when there is none to go back to. */
    public static String previous(List<String[]> switches) {
        Deque<String> stack = new ArrayDeque<>();
        for (String[] s : switches) {
            if ("promote".equals(s[0])) {
                if (s[2] != null) {
                    stack.push(s[2]);
                }
            } else if ("rollback".equals(s[0]) && !stack.isEmpty()) {
                stack.pop();
            }
        }
        return stack.peek();
    }
}
