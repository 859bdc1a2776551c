package io.driftguard.dashboard.security;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a user may do. Each role includes the ones before it: Edit can view, Admin can edit.
 */
enum Role {
    /** Read findings, timelines, approvals and the heatmap; ask the assistant. */
    VIEW,
    /** Also decide on recommendations. */
    EDIT,
    /** Also read dead letters, the audit log and the user list. */
    ADMIN;

    /** The Spring Security roles a user of this role holds (the role and every lower one). */
    List<String> grantedRoles() {
        List<String> roles = new ArrayList<>(ordinal() + 1);
        for (Role r : values()) {
            if (r.ordinal() <= ordinal()) {
                roles.add(r.name());
            }
        }
        return roles;
    }

    static Role parse(String value, String user) {
        if (value == null) {
            throw new IllegalArgumentException("user '" + user + "' has no role; expected view, edit or admin");
        }
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "user '" + user + "' has unknown role '" + value + "'; expected view, edit or admin");
        }
    }
}
