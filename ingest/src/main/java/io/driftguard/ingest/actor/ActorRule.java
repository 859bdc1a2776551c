package io.driftguard.ingest.actor;

import io.driftguard.core.event.ActorType;
import io.driftguard.core.event.Cloud;
import io.driftguard.ingest.Nodes;
import java.util.regex.Pattern;

/**
 * One built-in recognition rule: if the facet matches, the caller is of this type. Matching is
 * ASCII case-insensitive; the regex form is precompiled and used only where a plain prefix or
 * suffix cannot express the shape (GCP service agents carry a project number).
 *
 * @param why a few words for people reading the table or a classification
 */
public record ActorRule(
        Cloud cloud, Facet facet, Match match, String pattern, Pattern regex, ActorType type, String why) {

    /** How the pattern is compared. */
    public enum Match {
        EXACT,
        PREFIX,
        SUFFIX,
        CONTAINS,
        REGEX
    }

    static ActorRule of(Cloud cloud, Facet facet, Match match, String pattern, ActorType type, String why) {
        Pattern regex = match == Match.REGEX ? Pattern.compile(pattern, Pattern.CASE_INSENSITIVE) : null;
        return new ActorRule(cloud, facet, match, pattern, regex, type, why);
    }

    boolean matches(ActorFacts facts) {
        String value = facts.get(facet);
        if (value == null) {
            return false;
        }
        return switch (match) {
            case EXACT -> value.equalsIgnoreCase(pattern);
            case PREFIX -> Nodes.startsWithIgnoreCase(value, pattern);
            case SUFFIX -> Nodes.endsWithIgnoreCase(value, pattern);
            case CONTAINS -> Nodes.containsIgnoreCase(value, pattern);
            case REGEX -> regex.matcher(value).matches();
        };
    }
}
