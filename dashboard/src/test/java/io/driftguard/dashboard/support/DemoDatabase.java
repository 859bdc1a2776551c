package io.driftguard.dashboard.support;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * For looking at the pages by hand: starts an embedded PostgreSQL, prints its JDBC URL, waits for a
 * dashboard to migrate it, then writes the test findings and a dead letter. Run it on the test
 * classpath, then start {@code java -jar dashboard/target/driftguard-dashboard.jar
 * --spring.datasource.url=<printed url> --spring.datasource.username=postgres}.
 */
public final class DemoDatabase {

    private DemoDatabase() {}

    public static void main(String[] args) throws Exception {
        TestDatabase db = TestDatabase.create();
        System.out.println("DEMO_DB_URL=" + db.url());
        JdbcClient jdbc = JdbcClient.create(db.dataSource());
        while (jdbc.sql("SELECT count(*) FROM information_schema.tables WHERE table_name = 'findings'")
                        .query(Long.class)
                        .single()
                == 0) {
            Thread.sleep(500); // polls, without a deadline: the dashboard is started by hand
        }
        Findings.writeAll(db);
        Findings.deadLetter(
                db,
                "aws-cloudtrail",
                "events/aws-cloudtrail/2025/03/14/bad.json.gz#12",
                "Records[12]: missing eventTime; a CloudTrail record without it cannot be ordered",
                "{\"eventVersion\":\"1.09\",\"eventSource\":\"ec2.amazonaws.com\",\"eventName\":\"AuthorizeSecurityGroupIngress\"}");
        System.out.println("DEMO_DB_READY");
        Thread.sleep(Long.MAX_VALUE); // keeps the embedded database up until the process is stopped
    }
}
