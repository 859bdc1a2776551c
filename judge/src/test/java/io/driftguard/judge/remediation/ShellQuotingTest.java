package io.driftguard.judge.remediation;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Names from logs and state files reach the revert commands DriftGuard shows: whatever a hostile
 * name holds, a real POSIX shell reads the quoted word back as exactly that name, one argument, with
 * nothing expanded or run.
 */
class ShellQuotingTest {

    @Test
    void aRealShellReadsEveryQuotedValueBackUnchanged() throws Exception {
        List<String> hostile = new ArrayList<>(List.of(
                "a'b; rm -rf /",
                "$(touch /tmp/driftguard-pwned)",
                "`id`",
                "x\ny",
                "*",
                "~root",
                "\"double\" 'single' \\back",
                "$HOME ${PATH}",
                "a && b || c | d > e < f",
                "\u202eevil\u200b",
                "",
                " leading and trailing ",
                "!history",
                "#comment"));
        Random random = new Random(10);
        String alphabet = "ab'\"\\$`(){}[]*?~!#&|;<> \t\n%=:,@+-_./é\u202e";
        for (int i = 0; i < 200; i++) {
            StringBuilder sb = new StringBuilder();
            for (int j = random.nextInt(30); j > 0; j--) {
                sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            hostile.add(sb.toString());
        }
        StringBuilder script = new StringBuilder();
        for (String s : hostile) {
            // one argument each: printf prints it between two markers
            script.append("printf '<%s>\\n' ").append(ShellQuoting.q(s)).append('\n');
        }
        StringBuilder expected = new StringBuilder();
        for (String s : hostile) {
            expected.append('<').append(s).append(">\n");
        }
        assertThat(sh(script.toString())).isEqualTo(expected.toString());
        assertThat(java.nio.file.Path.of("/tmp/driftguard-pwned")).doesNotExist();
    }

    private static String sh(String script) throws IOException, InterruptedException {
        Process p =
                new ProcessBuilder("/bin/sh", "-s").redirectErrorStream(true).start();
        p.getOutputStream().write(script.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }
}
