package io.driftguard.core.state;

/**
 * The lines of an IaC file that declare one resource, exactly as they were read, so that a patch
 * can be written against the file's text: a unified diff hunk needs the line numbers and the
 * surrounding lines verbatim, and {@code git apply} checks both.
 *
 * @param file the declaring file relative to the infrastructure repository's root
 *     ({@code terraform/aws-prod/checkout/main.tf}, {@code cloudformation/web/template.yaml},
 *     {@code kubernetes/prod/app.yaml}), the same root {@link IacRef#path()} is relative to
 * @param firstLine the 1-based line number of the first line of {@code text}
 * @param text the declaring block with up to {@link #CONTEXT} lines either side, each line ending in
 *     {@code \n} except the file's last line when the file does not end in a newline
 * @param blockFrom the 1-based line number where the declaring block starts
 * @param blockTo the 1-based line number where the declaring block ends (inclusive)
 * @param toEnd whether {@code text} runs to the end of the file
 */
public record SourceExcerpt(String file, int firstLine, String text, int blockFrom, int blockTo, boolean toEnd) {

    /** Lines of context kept either side of the block, as many as {@code git diff} writes. */
    public static final int CONTEXT = 3;

    /**
     * The excerpt of lines {@code from..to} (1-based, inclusive) of {@code fileText}, with context.
     */
    public static SourceExcerpt of(String file, String fileText, int from, int to) {
        int[] starts = lineStarts(fileText);
        int lines = starts.length - 1;
        int first = Math.max(1, from - CONTEXT);
        int last = Math.min(lines, to + CONTEXT);
        String text = fileText.substring(starts[first - 1], starts[last]);
        return new SourceExcerpt(file, first, text, from, to, last == lines);
    }

    /**
     * Offsets where each line starts, plus the text's length at the end: line {@code n} (1-based)
     * is {@code [starts[n-1], starts[n])}.
     */
    public static int[] lineStarts(String text) {
        int count = 0;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                count++;
            }
        }
        boolean openLast = !text.isEmpty() && text.charAt(text.length() - 1) != '\n';
        int[] starts = new int[count + (openLast ? 1 : 0) + 1];
        int n = 1;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n' && n < starts.length) {
                starts[n++] = i + 1;
            }
        }
        starts[starts.length - 1] = text.length();
        return starts;
    }

    /** The 1-based line number of the character at {@code offset} in {@code text}. */
    public static int lineOf(String text, int offset) {
        int line = 1;
        for (int i = 0; i < offset && i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }
}
