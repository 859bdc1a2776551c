package io.driftguard.ingest.iac.remote;

import com.fasterxml.jackson.databind.JsonNode;
import io.driftguard.core.json.Json;
import io.driftguard.ingest.iac.IacProblem;
import io.driftguard.ingest.iac.terraform.TerraformStateReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Keeps a local copy of each remote Terraform state in an IaC folder of its own
 * ({@code <folder>/terraform/<name>/terraform.tfstate}), refreshed only when the state changed.
 * A state that cannot be read (missing, access denied, a backend error) or that is not a Terraform
 * state keeps its last good copy and is rejected ({@link RemoteIac}).
 */
public final class RemoteStates implements RemoteIac {

    private final List<RemoteState> states;
    private final Path folder;
    private final TerraformStateReader reader = TerraformStateReader.builtIn();
    private final ReportedOnce reported = new ReportedOnce();

    public RemoteStates(List<RemoteState> states, Path folder) {
        this.states = List.copyOf(states);
        this.folder = folder;
    }

    @Override
    public Path folder() {
        return folder;
    }

    /**
     * Polls every state; a state that cannot be read keeps its last copy and is reported.
     *
     * @return how many states changed
     */
    public int refresh(List<IacProblem> problems) {
        Refresh r = refresh();
        r.rejected().forEach(x -> problems.add(new IacProblem(x.origin(), x.reason())));
        return r.changed();
    }

    @Override
    public Refresh refresh() {
        int changed = 0;
        List<Rejection> rejected = new ArrayList<>();
        for (RemoteState s : states) {
            Rejection problem;
            try {
                byte[] state = s.fetchIfChanged();
                if (state == null) {
                    continue;
                }
                String notAState = notAState(state);
                if (notAState == null) {
                    Path file = folder.resolve("terraform").resolve(s.name()).resolve("terraform.tfstate");
                    Files.createDirectories(file.getParent());
                    Path tmp = file.resolveSibling("terraform.tfstate.tmp");
                    Files.write(tmp, state);
                    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                    reported.cleared(s.location());
                    changed++;
                    continue;
                }
                problem = new Rejection(
                        s.location(),
                        "not-a-state",
                        "remote state not taken, its last copy is kept: " + notAState,
                        state);
            } catch (IOException | RuntimeException e) {
                problem = Rejection.unreadable(
                        s.location(), "remote state not read, its last copy is kept: " + e.getMessage());
            }
            if (reported.isNew(problem)) {
                rejected.add(problem);
            }
        }
        return new Refresh(changed, rejected);
    }
    /** Why these bytes are not a Terraform state the reader can take whole, or null when they are. */
    private String notAState(byte[] state) {
        JsonNode doc;
        try {
            doc = Json.MAPPER.readTree(state);
        } catch (IOException e) {
            String m = String.valueOf(e.getMessage());
            int nl = m.indexOf('\n');
            return "not JSON: " + (nl < 0 ? m : m.substring(0, nl));
        }
        if (doc == null
                || !doc.isObject()
                || !doc.has("version")
                || !doc.path("resources").isArray()) {
            return "not a Terraform state: expected a JSON object with 'version' and 'resources'";
        }
        TerraformStateReader.Result r = reader.read(doc, "terraform.tfstate", "");
        if (r.resources().isEmpty() && !r.problems().isEmpty()) {
            return r.problems().get(0).reason();
        }
        return null;
    }
}
