package io.driftguard.models.scenario;

import io.driftguard.core.event.Cloud;
import io.driftguard.models.scenario.aws.AwsDrivers;
import io.driftguard.models.scenario.azure.AzureDrivers;
import io.driftguard.models.scenario.cases.CaseSpec;
import io.driftguard.models.scenario.cases.Family;
import io.driftguard.models.scenario.cases.Ledger;
import io.driftguard.models.scenario.cases.Scenarios;
import io.driftguard.models.scenario.context.JiraKeys;
import io.driftguard.models.scenario.driver.CatalogRow;
import io.driftguard.models.scenario.driver.Driver;
import io.driftguard.models.scenario.driver.Emitted;
import io.driftguard.models.scenario.driver.Gen;
import io.driftguard.models.scenario.driver.Intent;
import io.driftguard.models.scenario.driver.Subject;
import io.driftguard.models.scenario.gcp.GcpDrivers;
import io.driftguard.models.scenario.iac.IacModel;
import io.driftguard.models.scenario.kubernetes.KubernetesDrivers;
import io.driftguard.models.scenario.label.Label;
import io.driftguard.models.scenario.random.Rng;
import io.driftguard.models.scenario.timeline.BackgroundTraffic;
import io.driftguard.models.scenario.timeline.Timeline;
import io.driftguard.models.scenario.world.Service;
import io.driftguard.models.scenario.world.World;
import io.driftguard.models.scenario.world.WorldShape;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Plans and builds a labelled data set: the organisation, the IaC, the labelled cases (covering
 * every docs/design/catalog-format.md row with Terraform and, where named, CloudFormation; every cause; every
 * not-drift family; multi-change, reverted and codified episodes), and a lazy stream of background
 * traffic. Everything derives from the seed; nothing reads the clock.
 */
public final class ScenarioGenerator {

    /** Every service gets at most one case per slot, so one case's context cannot touch another's label. */
    static final Duration SLOT = Duration.ofHours(4);

    private static final Set<CatalogRow> SIZED_EMERGENCY = EnumSet.of(
            CatalogRow.AWS_EC2_MODIFY_INSTANCE_ATTRIBUTE,
            CatalogRow.AWS_RDS_MODIFY_DB_INSTANCE,
            CatalogRow.AWS_AUTOSCALING_GROUP,
            CatalogRow.GCP_COMPUTE_INSTANCE,
            CatalogRow.GCP_CLOUDSQL_INSTANCE,
            CatalogRow.GCP_INSTANCE_GROUP_MANAGER,
            CatalogRow.AZURE_VIRTUAL_MACHINE,
            CatalogRow.AZURE_VM_SCALE_SET,
            CatalogRow.K8S_WORKLOADS);
    private static final List<String> VARIANTS =
            List.of("single", "single", "single", "multi_change", "reverted", "codified");

    private final GeneratorOptions options;
    private final List<Driver> drivers = new ArrayList<>();

    public ScenarioGenerator(GeneratorOptions options) {
        this.options = options;
        drivers.addAll(AwsDrivers.all());
        drivers.addAll(GcpDrivers.all());
        drivers.addAll(AzureDrivers.all());
        drivers.addAll(KubernetesDrivers.all());
    }

    /** The built data set: IaC and config files, the scenarios' records in event-time order, the pending labels. */
    public static final class Plan {
        final GeneratorOptions options;
        final World world;
        final Map<String, byte[]> files;
        final List<Emitted> scenarioEvents;
        final List<Function<Instant, Label>> labels;
        final List<Subject> subjects;
        final List<Driver> subjectDrivers;
        final long backgroundTarget;
        /** The Jira keys the cases used: background tickets take others. */
        final Set<String> caseJiraKeys;

        Plan(
                GeneratorOptions options,
                World world,
                Map<String, byte[]> files,
                List<Emitted> scenarioEvents,
                List<Function<Instant, Label>> labels,
                List<Subject> subjects,
                List<Driver> subjectDrivers,
                long backgroundTarget,
                Set<String> caseJiraKeys) {
            this.options = options;
            this.world = world;
            this.files = files;
            this.scenarioEvents = scenarioEvents;
            this.labels = labels;
            this.subjects = subjects;
            this.subjectDrivers = subjectDrivers;
            this.backgroundTarget = backgroundTarget;
            this.caseJiraKeys = caseJiraKeys;
        }

        /** IaC files and config.yaml, keyed by path relative to the replay folder. */
        public Map<String, byte[]> files() {
            return files;
        }

        public int scenarioEventCount() {
            return scenarioEvents.size();
        }

        /** Scenario and background records merged in event-time order, generated lazily. */
        public Iterator<Emitted> events() {
            return new Timeline(
                    scenarioEvents,
                    new BackgroundTraffic(
                            options.seed(),
                            options.start(),
                            options.span(),
                            backgroundTarget,
                            world,
                            subjects,
                            subjectDrivers,
                            new JiraKeys(caseJiraKeys)));
        }

        /** The labels, decided against the time of the run's last event. */
        public List<Label> labels(Instant runEnd) {
            List<Label> out = new ArrayList<>(labels.size());
            for (Function<Instant, Label> f : labels) {
                out.add(f.apply(runEnd));
            }
            out.sort(Comparator.comparing(Label::caseId));
            return out;
        }
    }

    public Plan plan() {
        Rng master = new Rng(options.seed());
        int slotsPerService = (int) Math.max(1, (options.span().toMinutes() - 180) / SLOT.toMinutes());
        List<Integer> slotIndexes = workingSlots(slotsPerService);
        int servicesNeeded = Math.max(
                options.world().minServices(), (options.scenarios() + slotIndexes.size() - 1) / slotIndexes.size());
        World world = new World(master.fork(), servicesNeeded, options.world());
        IacModel iac = new IacModel(master.fork(), options.start());
        Rng planRng = master.fork();
        List<CaseSpec> specs = specs(planRng, world, slotIndexes);

        List<Emitted> events = new ArrayList<>();
        List<Function<Instant, Label>> labels = new ArrayList<>();
        List<Subject> subjects = new ArrayList<>();
        List<Driver> subjectDrivers = new ArrayList<>();
        List<String> ignored = new ArrayList<>();
        Rng caseSeeds = master.fork();
        Ledger ledger = new Ledger();
        for (CaseSpec spec : specs) {
            Gen g = new Gen(caseSeeds.fork(), world, iac, String.valueOf(spec.index()));
            Scenarios.Built built = Scenarios.build(g, spec, ledger);
            events.addAll(built.events());
            labels.addAll(built.labels());
            subjects.add(built.subject());
            subjectDrivers.add(spec.driver());
            ignored.addAll(built.ignoreRuleResources());
        }
        // Resources nobody touches, owned by the noise-only services: background reads land on them too.
        Rng noise = master.fork();
        for (Service svc : world.noiseServices()) {
            for (int i = 0; i < 4; i++) {
                Driver d = drivers.get(noise.nextInt(drivers.size()));
                String iacSource = d.row().cloud() == Cloud.KUBERNETES ? "kubernetes" : "terraform";
                Gen g = new Gen(noise.fork(), world, iac, "n" + subjects.size());
                subjects.add(d.declare(g, svc, iacSource, Intent.MISCONFIGURE));
                subjectDrivers.add(d);
            }
        }
        events.sort(Comparator.comparing(Emitted::time));
        Map<String, byte[]> files = new TreeMap<>(iac.files());
        files.put(
                "config.yaml",
                ReplayConfig.render(world, iac, ignored, subjects).getBytes(StandardCharsets.UTF_8));
        long background = options.totalEvents() > 0
                ? Math.max(0, options.totalEvents() - events.size())
                : Math.round(events.size() * options.backgroundRatio() / (1 - options.backgroundRatio()));
        return new Plan(options, world, files, events, labels, subjects, subjectDrivers, background, ledger.jiraKeys());
    }

    /**
     * The slots cases may start in: those that begin in the world's working hours, or every slot when
     * none does (a window shorter than a working day that starts after hours).
     */
    private List<Integer> workingSlots(int slotsPerService) {
        List<Integer> working = options.world().workingSlots(options.start(), SLOT, slotsPerService);
        if (working.isEmpty()) {
            working = new ArrayList<>();
            for (int t = 0; t < slotsPerService; t++) {
                working.add(t);
            }
        }
        return working;
    }

    private List<CaseSpec> specs(Rng r, World world, List<Integer> slotIndexes) {
        List<Family> families = new ArrayList<>();
        List<Driver> chosen = new ArrayList<>();
        List<String> iacs = new ArrayList<>();
        List<String> variants = new ArrayList<>();
        // Coverage first: every row (both IaC sources where docs/design/catalog-format.md names CloudFormation), every
        // family, variants.
        Family[] drift = {
            Family.CONFIGURATION_ERROR,
            Family.EMERGENCY_FIX,
            Family.MANUAL_TROUBLESHOOTING,
            Family.SECURITY_RESPONSE,
            Family.AUTOMATED_RESPONSE
        };
        int k = 0;
        for (Driver d : drivers) {
            for (String iac : d.row().cloudFormation() ? List.of("terraform", "cloudformation") : List.of(iacOf(d))) {
                Family f = null;
                for (int i = 0; i < drift.length && f == null; i++) {
                    Family candidate = drift[(k + i) % drift.length];
                    if (d.intents().contains(candidate.intent())) {
                        f = candidate;
                    }
                }
                k++;
                add(families, chosen, iacs, variants, f, d, iac, "single");
            }
        }
        for (Family f : drift) {
            for (String v : List.of("multi_change", "reverted", "codified")) {
                Driver d = pickDriver(r, f);
                add(families, chosen, iacs, variants, f, d, randomIac(r, d), v);
            }
        }
        add(
                families,
                chosen,
                iacs,
                variants,
                Family.DEPLOY_THEN_RESTORE,
                pickDriver(r, Family.DEPLOY_THEN_RESTORE),
                null,
                "single");
        for (Family f : Family.NOT_DRIFT) {
            Driver d = pickDriver(r, f);
            add(families, chosen, iacs, variants, f, d, randomIac(r, d), "single");
        }
        for (int i = 0; i < 6; i++) {
            Family f = Family.NOT_DRIFT.get(i % Family.NOT_DRIFT.size());
            Driver d = pickDriver(r, f);
            add(families, chosen, iacs, variants, f, d, randomIac(r, d), "single");
        }
        // Then a weighted mix, in the world's proportions.
        List<Family> mixList = new ArrayList<>();
        int[] weights = world.shape().familyWeights();
        for (int i = 0; i < weights.length; i++) {
            for (int w = 0; w < weights[i]; w++) {
                mixList.add(Family.valueOf(WorldShape.FAMILY_ORDER.get(i)));
            }
        }
        Family[] mix = mixList.toArray(new Family[0]);
        while (families.size() < options.scenarios()) {
            Family f = mix[r.nextInt(mix.length)];
            Driver d = pickDriver(r, f);
            String variant = f.cause() != null && f != Family.DEPLOY_THEN_RESTORE ? r.pick(VARIANTS) : "single";
            add(families, chosen, iacs, variants, f, d, randomIac(r, d), variant);
        }
        int n = Math.min(options.scenarios(), families.size());
        // Slots: service-major order shuffled, so cases spread over services and time.
        List<int[]> slots = new ArrayList<>();
        for (int s = 0; s < world.services().size(); s++) {
            for (int t : slotIndexes) {
                slots.add(new int[] {s, t});
            }
        }
        for (int i = slots.size() - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int[] tmp = slots.get(i);
            slots.set(i, slots.get(j));
            slots.set(j, tmp);
        }
        List<CaseSpec> out = new ArrayList<>(n);
        Map<String, Integer> lastSlotUsed = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            int[] slot = slots.get(i);
            lastSlotUsed.merge(world.services().get(slot[0]).name(), slot[1], Math::max);
        }
        for (int i = 0; i < n; i++) {
            int[] slot = slots.get(i);
            Service svc = world.services().get(slot[0]);
            Instant start = options.start().plus(SLOT.multipliedBy(slot[1])).plusSeconds(r.between(0, 20 * 60));
            boolean last = lastSlotUsed.get(svc.name()) == slot[1];
            Driver d = chosen.get(i);
            String iac = iacs.get(i) != null ? iacs.get(i) : randomIac(r, d);
            out.add(new CaseSpec(i + 1, families.get(i), d, iac, variants.get(i), svc, start, last));
        }
        return out;
    }

    private static void add(
            List<Family> families,
            List<Driver> drivers,
            List<String> iacs,
            List<String> variants,
            Family f,
            Driver d,
            String iac,
            String variant) {
        families.add(f);
        drivers.add(d);
        iacs.add(iac);
        variants.add(variant);
    }

    private static String iacOf(Driver d) {
        return d.row().cloud() == Cloud.KUBERNETES ? "kubernetes" : "terraform";
    }

    private static String randomIac(Rng r, Driver d) {
        if (d.row().cloudFormation() && r.chance(0.3)) {
            return "cloudformation";
        }
        return iacOf(d);
    }

    private Driver pickDriver(Rng r, Family f) {
        List<Driver> fit = new ArrayList<>();
        for (Driver d : drivers) {
            boolean ok = switch (f) {
                case DEPLOY_THEN_RESTORE ->
                    SIZED_EMERGENCY.contains(d.row()) && d.intents().contains(Intent.EMERGENCY);
                case DEPLOY_IDENTITY, FAILED_CALL, READ_ONLY, UNMANAGED_RESOURCE ->
                    d.row() != CatalogRow.GCP_PROJECT_IAM;
                default -> d.intents().contains(f.intent()) && d.row() != CatalogRow.GCP_PROJECT_IAM;
            };
            if (ok) {
                fit.add(d);
            }
        }
        return fit.get(r.nextInt(fit.size()));
    }

    List<Driver> drivers() {
        return drivers;
    }
}
