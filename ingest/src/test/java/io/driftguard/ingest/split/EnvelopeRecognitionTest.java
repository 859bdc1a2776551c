package io.driftguard.ingest.split;

import static io.driftguard.ingest.split.Splits.CONNECTOR;
import static io.driftguard.ingest.split.Splits.REPLAY_DOCUMENT;
import static io.driftguard.ingest.split.Splits.TREES;
import static io.driftguard.ingest.split.Splits.ids;
import static io.driftguard.ingest.split.Splits.positions;
import static io.driftguard.ingest.split.Splits.slices;
import static io.driftguard.ingest.split.Splits.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import io.driftguard.testkit.Samples;
import org.junit.jupiter.api.Test;

/** Which objects are batches of records and which are records: {@link Envelope}'s rules. */
class EnvelopeRecognitionTest {

    @Test
    void cloudTrailLogFileYieldsEachRecord() throws Exception {
        byte[] file =
                Samples.bytes("aws-cloudtrail/driftguard-records-s3-ListBuckets-PutBucketAcl-GetBucketVersioning.json");
        SplitResult r = TREES.split(file);
        assertThat(ids(r, "eventName")).containsExactly("ListBuckets", "PutBucketAcl", "GetBucketVersioning");
        assertThat(positions(r)).containsExactly("#0", "#1", "#2");
        assertThat(r.shape()).isEqualTo(Shape.BATCH);
    }

    @Test
    void azureEventHubsBatchYieldsEachRecord() throws Exception {
        byte[] batch = Samples.bytes("azure-activity/msdocs-eventhub-records-supporttickets-write.json");
        SplitResult r = TREES.split(batch);
        assertThat(r.records())
                .isNotEmpty()
                .allSatisfy(x -> assertThat(x.tree().has("operationName")).isTrue());
        assertThat(r.rejections()).isEmpty();
    }

    @Test
    void kubernetesEventListIsSplitWhereverItsKindIsWritten() {
        String list = "{\"kind\":\"EventList\",\"apiVersion\":\"audit.k8s.io/v1\",\"metadata\":{},\"items\":["
                + "{\"kind\":\"Event\",\"auditID\":\"1\"},{\"kind\":\"Event\",\"auditID\":\"2\"}]}";
        String itemsFirst = "{\n\"items\": [{\"kind\":\"Event\",\"auditID\":\"3\"}],\n\"kind\": \"EventList\"\n}";
        String kubectl = "{\"apiVersion\":\"v1\",\"items\":[{\"kind\":\"Event\",\"auditID\":\"4\"}],\"kind\":\"List\"}";
        for (EnvelopeSplitter splitter : new EnvelopeSplitter[] {TREES, CONNECTOR}) {
            assertThat(ids(splitter.split(utf8(list)), "auditID")).containsExactly("1", "2");
            assertThat(ids(splitter.split(utf8(itemsFirst)), "auditID")).containsExactly("3");
            assertThat(ids(splitter.split(utf8(kubectl)), "auditID")).containsExactly("4");
        }
        assertThat(slices(REPLAY_DOCUMENT.split(utf8(itemsFirst))))
                .containsExactly("{\"kind\":\"Event\",\"auditID\":\"3\"}");
    }

    @Test
    void anItemsArrayWithoutAListKindIsPartOfTheRecord() {
        String event = "{\"kind\":\"Event\",\"auditID\":\"5\",\"items\":[1,2]}";
        String noKind = "{\"items\":[{\"auditID\":\"6\"}]}";
        String ec2Style = "{\"eventID\":\"e1\",\"items\":[{\"instanceId\":\"i-1\"}],\"kind\":\"Instance\"}";
        for (String json : new String[] {event, noKind, ec2Style}) {
            SplitResult trees = TREES.split(utf8(json));
            assertThat(trees.records())
                    .as(json)
                    .singleElement()
                    .satisfies(x -> assertThat(x.tree().toString()).isEqualTo(json));
            assertThat(trees.shape()).isEqualTo(Shape.SINGLE);
            assertThat(slices(REPLAY_DOCUMENT.split(utf8(json)))).containsExactly(json);
            assertThat(slices(CONNECTOR.split(utf8(json)))).containsExactly(json);
        }
    }

    @Test
    void bareArraysAndSingleObjects() throws Exception {
        byte[] stratus = Samples.bytes("aws-cloudtrail/stratus-aws.persistence.iam-create-admin-user.json");
        assertThat(TREES.split(stratus).records()).hasSize(3);
        byte[] single = Samples.bytes("aws-cloudtrail/panther-test-PutBucketAcl-assumedrole.json");
        SplitResult r = TREES.split(single);
        assertThat(ids(r, "eventName")).containsExactly("PutBucketAcl");
        assertThat(positions(r)).containsExactly("#0");
        assertThat(r.shape()).isEqualTo(Shape.SINGLE);
    }

    @Test
    void severalValuesInOneDocumentAreReadInTurn() {
        // an Azure storage export is JSON lines, even in a .json file
        String storage =
                "{\"time\":\"t1\"}\r\n{\"records\":[{\"time\":\"t2\"},{\"time\":\"t3\"}]}\r\n[{\"time\":\"t4\"}]\n";
        SplitResult r = REPLAY_DOCUMENT.split(utf8(storage));
        assertThat(slices(r))
                .containsExactly("{\"time\":\"t1\"}", "{\"time\":\"t2\"}", "{\"time\":\"t3\"}", "{\"time\":\"t4\"}");
        assertThat(positions(r)).containsExactly("#0", "#1", "#2", "#3");
    }

    @Test
    void onlyTheTopLevelIsUnwrapped() {
        String digestLike = "{\"digestStartTime\":\"x\",\"logFiles\":[{\"Records\":[]}]}";
        assertThat(slices(REPLAY_DOCUMENT.split(utf8(digestLike)))).containsExactly(digestLike);
        String nested = "{\"Records\":[{\"eventID\":\"a\",\"records\":[1]}]}";
        assertThat(slices(REPLAY_DOCUMENT.split(utf8(nested)))).containsExactly("{\"eventID\":\"a\",\"records\":[1]}");
        String notAnArray = "{\"Records\":null,\"eventID\":\"b\"}";
        assertThat(slices(CONNECTOR.split(utf8(notAnArray)))).containsExactly(notAnArray);
    }

    @Test
    void emptyEnvelopeIsABatchOfNothingAndBlankInputIsNothing() {
        SplitResult empty = CONNECTOR.split(utf8("{\"Records\":[]}"));
        assertThat(empty.records()).isEmpty();
        assertThat(empty.rejections()).isEmpty();
        assertThat(empty.shape()).isEqualTo(Shape.BATCH);
        SplitResult blank = CONNECTOR.split(utf8(" \n\t\r\n"));
        assertThat(blank.records()).isEmpty();
        assertThat(blank.rejections()).isEmpty();
        assertThat(blank.shape()).isEqualTo(Shape.NOTHING);
    }
}
