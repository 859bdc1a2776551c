package io.driftguard.ingest.bench;

import io.driftguard.ingest.ParsedRecord;
import io.driftguard.ingest.ParserRegistry;
import io.driftguard.ingest.RawRecord;
import io.driftguard.ingest.Sources;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

/**
 * Parse-only throughput of CloudTrail records through {@link ParserRegistry#parse(RawRecord)} on
 * one thread: bytes → Jackson tree → normalised events. Generates a realistic mix in memory (mostly
 * Describe/List reads, some writes with request bodies, assumed-role and IAM-user callers).
 *
 * <p>Run: {@code java -cp <test classpath> io.driftguard.ingest.bench.ParseBenchmark [records] [rounds]}
 */
public final class ParseBenchmark {

    private static final String[] READS = {
        "DescribeInstances",
        "DescribeSecurityGroups",
        "ListBuckets",
        "GetBucketPolicy",
        "DescribeDBInstances",
        "ListRoles"
    };

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        RawRecord[] records = generate(n, new Random(42));
        ParserRegistry registry = ParserRegistry.defaults();
        long bytes = 0;
        for (RawRecord r : records) {
            bytes += r.payload().length;
        }
        System.out.printf("%d records, %.1f MB, avg %d bytes%n", n, bytes / 1e6, bytes / n);
        for (int round = 1; round <= rounds; round++) {
            // baseline: only reading the bytes into a Jackson tree, the floor any tree-based parser pays
            long t = System.nanoTime();
            long nodes = 0;
            for (RawRecord r : records) {
                try {
                    nodes += io.driftguard.core.json.Json.MAPPER
                            .readTree(r.payload())
                            .size();
                } catch (java.io.IOException e) {
                    throw new IllegalStateException(e);
                }
            }
            double treeSecs = (System.nanoTime() - t) / 1e9;
            System.out.printf("round %d: tree only %,.0f records/s (%d)%n", round, n / treeSecs, nodes % 10);
            long events = 0;
            long rejected = 0;
            long t0 = System.nanoTime();
            for (RawRecord r : records) {
                List<ParsedRecord> out = registry.parse(r);
                for (ParsedRecord p : out) {
                    if (p instanceof ParsedRecord.Audit) {
                        events++;
                    } else {
                        rejected++;
                    }
                }
            }
            double secs = (System.nanoTime() - t0) / 1e9;
            System.out.printf(
                    "round %d: %,d events in %.2f s = %,.0f events/s (%d not parsed)%n",
                    round, events, secs, events / secs, rejected);
        }
    }

    static RawRecord[] generate(int n, Random rnd) {
        RawRecord[] out = new RawRecord[n];
        for (int i = 0; i < n; i++) {
            boolean write = rnd.nextInt(10) == 0;
            boolean role = rnd.nextBoolean();
            String name = write
                    ? (rnd.nextBoolean() ? "AuthorizeSecurityGroupIngress" : "ModifyDBInstance")
                    : READS[rnd.nextInt(READS.length)];
            String source = name.contains("DB")
                    ? "rds.amazonaws.com"
                    : name.contains("Bucket")
                            ? "s3.amazonaws.com"
                            : name.equals("ListRoles") ? "iam.amazonaws.com" : "ec2.amazonaws.com";
            String identity = role
                    ? "{\"type\":\"AssumedRole\",\"principalId\":\"AROAEXAMPLE:jane@example.com\","
                            + "\"arn\":\"arn:aws:sts::111122223333:assumed-role/AWSReservedSSO_Admin_1a2b/jane@example.com\","
                            + "\"accountId\":\"111122223333\",\"accessKeyId\":\"ASIAEXAMPLE\",\"sessionContext\":{"
                            + "\"sessionIssuer\":{\"type\":\"Role\",\"principalId\":\"AROAEXAMPLE\","
                            + "\"arn\":\"arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Admin_1a2b\","
                            + "\"accountId\":\"111122223333\",\"userName\":\"AWSReservedSSO_Admin_1a2b\"},"
                            + "\"webIdFederationData\":{},\"attributes\":{\"creationDate\":\"2024-08-01T11:00:00Z\","
                            + "\"mfaAuthenticated\":\"false\"}}}"
                    : "{\"type\":\"IAMUser\",\"principalId\":\"AIDAEXAMPLE\",\"arn\":\"arn:aws:iam::111122223333:user/ci\","
                            + "\"accountId\":\"111122223333\",\"accessKeyId\":\"AKIAEXAMPLE\",\"userName\":\"ci\"}";
            String params = switch (name) {
                case "AuthorizeSecurityGroupIngress" ->
                    "{\"groupId\":\"sg-0" + Integer.toHexString(i)
                            + "\",\"ipPermissions\":{\"items\":[{\"ipProtocol\":\"tcp\",\"fromPort\":22,\"toPort\":22,"
                            + "\"ipRanges\":{\"items\":[{\"cidrIp\":\"0.0.0.0/0\"}]}}]}}";
                case "ModifyDBInstance" ->
                    "{\"dBInstanceIdentifier\":\"db-" + (i % 50)
                            + "\",\"backupRetentionPeriod\":1,\"applyImmediately\":true}";
                case "DescribeInstances" ->
                    "{\"instancesSet\":{\"items\":[{\"instanceId\":\"i-0" + Integer.toHexString(i)
                            + "\"}]},\"filterSet\":{}}";
                case "GetBucketPolicy" -> "{\"bucketName\":\"bucket-" + (i % 100) + "\",\"Host\":\"s3.amazonaws.com\"}";
                default -> "null";
            };
            String json = "{\"eventVersion\":\"1.09\",\"userIdentity\":" + identity
                    + ",\"eventTime\":\"2024-08-01T12:" + two(i / 60 % 60) + ":" + two(i % 60) + "Z\""
                    + ",\"eventSource\":\"" + source + "\",\"eventName\":\"" + name + "\",\"awsRegion\":\"eu-west-1\""
                    + ",\"sourceIPAddress\":\"203.0.113." + (i % 250)
                    + "\",\"userAgent\":\"aws-cli/2.15.30 Python/3.11.8"
                    + " Linux/6.1 exe/x86_64 prompt/off command/ec2\",\"requestParameters\":" + params
                    + ",\"responseElements\":" + (write ? "{\"_return\":true}" : "null")
                    + ",\"requestID\":\"req-" + i + "\",\"eventID\":\""
                    + new java.util.UUID(rnd.nextLong(), rnd.nextLong())
                    + "\",\"readOnly\":" + !write + ",\"eventType\":\"AwsApiCall\",\"managementEvent\":true"
                    + ",\"recipientAccountId\":\"111122223333\",\"eventCategory\":\"Management\","
                    + "\"tlsDetails\":{\"tlsVersion\":\"TLSv1.3\",\"cipherSuite\":\"TLS_AES_128_GCM_SHA256\","
                    + "\"clientProvidedHostHeader\":\"ec2.eu-west-1.amazonaws.com\"}}";
            out[i] = new RawRecord(Sources.AWS_CLOUDTRAIL, "bench#" + i, json.getBytes(StandardCharsets.UTF_8), null);
        }
        return out;
    }

    private static String two(int v) {
        return v < 10 ? "0" + v : Integer.toString(v);
    }

    private ParseBenchmark() {}
}
