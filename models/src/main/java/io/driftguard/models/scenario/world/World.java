package io.driftguard.models.scenario.world;

import io.driftguard.models.scenario.random.Rng;
import java.util.ArrayList;
import java.util.List;

/**
 * The organisation the scenarios happen in: accounts, projects, subscription, clusters, people,
 * automation identities and services. Built from the seed, so names stay the same for one seed.
 */
public final class World {

    public static final String AWS_PROD = "314159265358";
    private static final String AWS_DATA = "271828182845";
    /** Only unrelated GuardDuty findings and background traffic land here. */
    public static final String AWS_SANDBOX = "161803398874";

    public static final List<String> AWS_ACCOUNTS = List.of(AWS_PROD, AWS_DATA);

    public static final String GCP_PROD = "acme-shop-prod";
    public static final String GCP_PROD_NUMBER = "482910375611";
    private static final String GCP_DATA = "acme-analytics-prod";
    public static final String GCP_DATA_NUMBER = "907214558302";
    public static final List<String> GCP_PROJECTS = List.of(GCP_PROD, GCP_DATA);

    public static final String AZURE_SUBSCRIPTION = "6f1c2d3e-4b5a-4978-8a6b-1c2d3e4f5a6b";
    public static final String AZURE_TENANT = "0c9a7d2e-5b41-4f8a-9e3d-7a6b5c4d3e2f";
    public static final String AZURE_TF_APP_ID = "5d8f2a91-3c47-4e0b-b6a2-91f0c3d7e845";
    public static final String AZURE_TF_OBJECT_ID = "a4b3c2d1-0e9f-4a8b-9c7d-6e5f4a3b2c1d";
    public static final String AZURE_AUTOMATION_APP_ID = "e17c4b29-8a3d-4f65-b0c1-2d9e7f4a6b38";
    public static final String AZURE_AUTOMATION_OBJECT_ID = "7b2e9c14-6d3a-4f81-a5c0-3e8d1b6f9a27";
    public static final String AZURE_AUTOMATION_ACCOUNT = "/subscriptions/" + AZURE_SUBSCRIPTION
            + "/resourcegroups/rg-ops/providers/Microsoft.Automation/automationAccounts/aa-ops-remediation";

    public static final List<String> CLUSTERS = List.of("prod-eu-1", "prod-us-1");

    public static final String GITHUB_REPO = "acme-corp/infrastructure";
    public static final String GITLAB_PROJECT = "platform/k8s-manifests";

    private static final String[][] SERVICE_NAMES = {
        {"checkout", "payments-sre"},
        {"payments", "payments-sre"},
        {"search", "discovery"},
        {"identity", "identity-platform"},
        {"catalog", "discovery"},
        {"orders", "commerce"},
        {"inventory", "supply-chain"},
        {"shipping", "supply-chain"},
        {"ledger", "finance-eng"},
        {"media", "content"},
        {"recommendations", "discovery"},
        {"pricing", "commerce"},
        {"reviews", "content"},
        {"fraud", "risk"},
        {"loyalty", "commerce"},
        {"messaging", "platform"},
        {"gateway", "platform"},
        {"accounts", "identity-platform"},
        {"billing", "finance-eng"},
        {"warehouse", "supply-chain"},
        {"analytics", "data-eng"},
        {"ads", "growth"},
        {"cart", "commerce"},
        {"returns", "supply-chain"}
    };
    private static final String[][] NOISE_SERVICE_NAMES = {
        {"reporting", "data-eng"}, {"mobile-bff", "mobile"}, {"marketing-site", "growth"}
    };

    private static final String[] ACME_ENGINEERS = {
        "jane.doe",
        "liam.chen",
        "priya.natarajan",
        "marco.rossi",
        "fatima.khan",
        "tom.becker",
        "sofia.alvarez",
        "kenji.watanabe",
        "olivia.brown",
        "ahmed.hassan",
        "nina.petrova",
        "david.okafor"
    };
    private static final String[] ACME_READERS = {
        "grace.hopper",
        "lucas.martin",
        "emma.wilson",
        "yuki.sato",
        "rahul.mehta",
        "chloe.dubois",
        "omar.farouk",
        "hannah.schmidt"
    };
    private static final String[] ACME_SECURITY = {"secops.amara", "soc.analyst.ben", "incident-response.maya"};
    private static final String[] SECURITY_PREFIXES = {"secops", "soc", "incident-response", "appsec", "cloudsec"};
    private static final String[] SCRIPT_NAMES = {
        "cleanup-bot",
        "ops-toolbox",
        "nightly-resizer",
        "cost-saver",
        "cert-rotator",
        "db-maintenance",
        "legacy-cron",
        "client-sync"
    };
    /** First and last names for the people of worlds other than ACME (combined, never drawn at random). */
    private static final String[] FIRST_NAMES = {
        "alex", "bea", "carlos", "dana", "elif", "felix", "gia", "hugo", "ines", "jonas", "kira", "leo", "maya", "noah",
        "oona", "pablo", "quinn", "rosa", "sami", "tara", "umar", "vera", "wei", "xena", "yara", "zane", "amir", "bo",
        "chen", "dev", "eva", "farah"
    };

    private static final String[] LAST_NAMES = {
        "adams", "bauer", "costa", "dias", "evans", "fischer", "garcia", "holm", "ito", "jensen", "kowalski", "lopez",
        "moreau", "nakamura", "oconnor", "patel", "quist", "reyes", "silva", "tanaka", "ueda", "varga", "weber", "xu",
        "yilmaz", "zhang", "abara", "berg", "cruz"
    };

    private final WorldShape shape;
    private final List<Actor> engineers = new ArrayList<>();
    private final List<Actor> readers = new ArrayList<>();
    private final List<Actor> securityPeople = new ArrayList<>();
    private final List<Actor> scripts = new ArrayList<>();
    private final List<Service> services = new ArrayList<>();
    private final List<Service> noiseServices = new ArrayList<>();
    private final Actor terraform;
    private final Actor cloudformation;
    private final Actor argocd;
    private final Actor awsAutoscaling;
    private final Actor tagEnforcer;
    private final Actor gcpAutoscaler;
    private final Actor azureAutomation;
    private final Actor hpa;
    private final List<Actor> readerBots = new ArrayList<>();

    public World(Rng rng, int servicesNeeded) {
        this(rng, servicesNeeded, WorldShape.ACME);
    }

    public World(Rng rng, int servicesNeeded, WorldShape shape) {
        this.shape = shape;
        for (String n : names(shape, ACME_ENGINEERS, shape.engineers(), 0)) {
            engineers.add(new Actor(
                    ActorKind.HUMAN,
                    n,
                    n + "@" + shape.emailDomain(),
                    publicIp(rng),
                    rng.pickOf("PlatformEngineer", "PowerUserAccess", "AdministratorAccess"),
                    false));
        }
        for (String n : names(shape, ACME_READERS, shape.readers(), 5)) {
            readers.add(new Actor(
                    ActorKind.HUMAN, n, n + "@" + shape.emailDomain(), publicIp(rng), "ReadOnlyAccess", false));
        }
        List<String> security = new ArrayList<>();
        if (shape.equals(WorldShape.ACME)) {
            security.addAll(List.of(ACME_SECURITY));
        } else {
            for (int i = 0; i < shape.securityPeople(); i++) {
                security.add(SECURITY_PREFIXES[i % SECURITY_PREFIXES.length] + "."
                        + FIRST_NAMES[(i * 11 + 3) % FIRST_NAMES.length]
                        + (i < FIRST_NAMES.length ? "" : String.valueOf(i / FIRST_NAMES.length + 1)));
            }
        }
        for (String n : security) {
            securityPeople.add(new Actor(
                    ActorKind.HUMAN,
                    n,
                    n + "@" + shape.emailDomain(),
                    publicIp(rng),
                    "SecurityIncidentResponse",
                    true));
        }
        for (int i = 0; i < shape.scripts(); i++) {
            String name = i < SCRIPT_NAMES.length ? SCRIPT_NAMES[i] : SCRIPT_NAMES[i % SCRIPT_NAMES.length] + "-" + i;
            scripts.add(new Actor(
                    ActorKind.SCRIPT, name, null, "10.40." + (12 + 2 * i) + "." + rng.between(10, 250), null, false));
        }
        terraform = new Actor(
                ActorKind.TERRAFORM,
                "terraform-ci-deployer",
                null,
                "34.201." + rng.between(1, 250) + "." + rng.between(1, 250),
                null,
                false);
        cloudformation = new Actor(
                ActorKind.CLOUDFORMATION, "cloudformation", null, "cloudformation.amazonaws.com", null, false);
        argocd = new Actor(
                ActorKind.ARGOCD,
                "system:serviceaccount:argocd:argocd-application-controller",
                null,
                "10.96." + rng.between(1, 250) + "." + rng.between(1, 250),
                null,
                false);
        awsAutoscaling =
                new Actor(ActorKind.AWS_AUTOSCALING, "AutoScaling", null, "autoscaling.amazonaws.com", null, false);
        tagEnforcer = new Actor(
                ActorKind.TAG_ENFORCER,
                "tag-enforcer",
                null,
                "3.92." + rng.between(1, 250) + "." + rng.between(1, 250),
                null,
                false);
        gcpAutoscaler = new Actor(ActorKind.GCP_SERVICE_AGENT, "autoscaler", null, "private", null, false);
        azureAutomation = new Actor(
                ActorKind.AZURE_AUTOMATION,
                "aa-ops-remediation",
                null,
                "20.61." + rng.between(1, 250) + "." + rng.between(1, 250),
                null,
                false);
        hpa = new Actor(
                ActorKind.K8S_HPA,
                "system:serviceaccount:kube-system:horizontal-pod-autoscaler",
                null,
                "10.0.0." + rng.between(2, 9),
                null,
                false);
        readerBots.add(new Actor(
                ActorKind.READER_BOT,
                "datadog-integration",
                null,
                "3.233." + rng.between(1, 250) + "." + rng.between(1, 250),
                null,
                false));
        readerBots.add(new Actor(ActorKind.READER_BOT, "config-recorder", null, "config.amazonaws.com", null, false));

        for (int i = 0; i < servicesNeeded; i++) {
            String[] base = SERVICE_NAMES[i % SERVICE_NAMES.length];
            int round = i / SERVICE_NAMES.length;
            String name = round == 0 ? base[0] : base[0] + "-" + (round + 1);
            services.add(service(rng, name, shape.soleTeam() != null ? shape.soleTeam() : base[1], false, i));
        }
        for (int i = 0; i < NOISE_SERVICE_NAMES.length; i++) {
            String team = shape.soleTeam() != null ? shape.soleTeam() : NOISE_SERVICE_NAMES[i][1];
            noiseServices.add(service(rng, NOISE_SERVICE_NAMES[i][0], team, true, 100 + i));
        }
    }

    /** The organisation's shape (size, actor mix, rates, working hours, automation). */
    public WorldShape shape() {
        return shape;
    }

    /** People who change resources in scenarios. */
    public List<Actor> engineers() {
        return engineers;
    }

    /** People who only ever read (background traffic), never scenario actors. */
    public List<Actor> readers() {
        return readers;
    }

    /** Security principals (by name and by configuration). */
    public List<Actor> securityPeople() {
        return securityPeople;
    }

    /** Non-IaC scripts with their own credentials. */
    public List<Actor> scripts() {
        return scripts;
    }

    /** Services that carry labelled cases. */
    public List<Service> services() {
        return services;
    }

    /** Services that carry only unrelated context and untouched resources. */
    public List<Service> noiseServices() {
        return noiseServices;
    }

    public Actor terraform() {
        return terraform;
    }

    public Actor cloudformation() {
        return cloudformation;
    }

    public Actor argocd() {
        return argocd;
    }

    public Actor awsAutoscaling() {
        return awsAutoscaling;
    }

    public Actor tagEnforcer() {
        return tagEnforcer;
    }

    public Actor gcpAutoscaler() {
        return gcpAutoscaler;
    }

    public Actor azureAutomation() {
        return azureAutomation;
    }

    public Actor hpa() {
        return hpa;
    }

    /** Monitoring integrations and recorders that only read. */
    public List<Actor> readerBots() {
        return readerBots;
    }

    /** ACME's own people, or {@code count} first.last names that differ per world kind (offset). */
    private static List<String> names(WorldShape shape, String[] acme, int count, int offset) {
        if (shape.equals(WorldShape.ACME)) {
            return List.of(acme);
        }
        List<String> out = new ArrayList<>();
        int salt = Math.floorMod(shape.name().hashCode(), LAST_NAMES.length);
        for (int i = 0; out.size() < count; i++) {
            String n = FIRST_NAMES[(i + offset * 7) % FIRST_NAMES.length] + "."
                    + LAST_NAMES[(i * 5 + salt + offset) % LAST_NAMES.length];
            if (!out.contains(n)) {
                out.add(n);
            }
        }
        return out;
    }

    private static Service service(Rng rng, String name, String team, boolean noise, int index) {
        String title = Character.toUpperCase(name.charAt(0)) + name.substring(1).replace('-', ' ');
        return new Service(
                name,
                team,
                title + " API",
                "P" + rng.upperAlnum(6),
                team.replace("-", "")
                        .toUpperCase()
                        .substring(0, Math.min(4, team.replace("-", "").length())),
                name,
                name,
                CLUSTERS.get(index % CLUSTERS.size()),
                "rg-" + name + "-prod",
                noise);
    }

    private static String publicIp(Rng rng) {
        int first = rng.pickOf(81, 86, 92, 109, 145, 176, 188, 194, 212, 217);
        return first + "." + rng.between(1, 254) + "." + rng.between(1, 254) + "." + rng.between(1, 254);
    }
}
