package io.driftguard.pipeline.correlation;

import java.util.Locale;

/** Whether a context item is security work, from the words its tool gives it. */
final class SecurityWords {

    private SecurityWords() {}

    /** A label, component or category naming a security team or process. */
    static boolean isSecurityWord(String s) {
        String v = s == null ? "" : s.toLowerCase(Locale.ROOT);
        return v.equals("security")
                || v.equals("sec")
                || v.equals("secops")
                || v.startsWith("security-")
                || v.endsWith("-security")
                || v.equals("incident-response")
                || v.equals("soc");
    }

    /** A title that reads as a security incident. */
    static boolean mentionsSecurity(String text) {
        String t = text == null ? "" : text.toLowerCase(Locale.ROOT);
        return t.contains("security") || t.contains("compromis") || t.contains("guardduty") || t.contains("exfiltrat");
    }
}
