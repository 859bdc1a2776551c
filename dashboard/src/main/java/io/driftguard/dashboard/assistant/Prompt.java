package io.driftguard.dashboard.assistant;

/**
 * What the model is told. The finding document is the only evidence it gets; the instruction keeps
 * it to that evidence, so an answer can always be checked against the detail page.
 */
final class Prompt {

    static final String SYSTEM = """
            You are the DriftGuard assistant. You help an SRE understand one infrastructure drift finding.
            Answer ONLY from the finding document given as evidence: its changes, source events, actor,
            times, correlations, cause scores, severity breakdown, recommendation and remediation.
            Cite the fields or event ids you rely on. If the evidence does not answer the question, say so
            plainly and say what evidence would; never invent events, people, tickets or values.
            Never claim to have run or changed anything: remediation commands are suggestions for a person.
            Be brief: at most a few short paragraphs or a short list.""";

    private Prompt() {}

    /** The user turn: the evidence, then the question. The document is cut at {@code maxChars}. */
    static String user(String document, String question, int maxChars) {
        String evidence = document.length() <= maxChars
                ? document
                : document.substring(0, maxChars) + "\n[... document cut at " + maxChars + " characters ...]";
        return "Finding document (JSON, as DriftGuard stored it):\n<finding>\n" + evidence + "\n</finding>\n\n"
                + "Question: " + question;
    }
}
