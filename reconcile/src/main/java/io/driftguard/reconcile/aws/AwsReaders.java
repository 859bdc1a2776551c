package io.driftguard.reconcile.aws;

import io.driftguard.ingest.iac.IacMapper;
import io.driftguard.reconcile.LiveReader;
import io.driftguard.reconcile.RateLimiter;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The AWS readers, on the SDK's default credentials chain (environment, profile, web identity, ECS
 * and EC2 instance roles) and its standard retry policy, which backs off on throttling.
 */
public final class AwsReaders {

    private AwsReaders() {}

    /**
     * @param regions regions to look for security groups in; empty: the SDK's default region chain
     * @param endpoint an endpoint for every service (a proxy, LocalStack, a test fake), or null
     * @param callsPerSecond the rate per API (EC2, S3)
     */
    public static List<LiveReader> create(List<String> regions, URI endpoint, double callsPerSecond) {
        IacMapper mapper = IacMapper.builtIn();
        List<String> names = regions.isEmpty()
                ? List.of(new DefaultAwsRegionProviderChain().getRegion().id())
                : regions;
        List<Ec2Client> ec2 = new ArrayList<>();
        for (String r : names) {
            var b = Ec2Client.builder()
                    .httpClientBuilder(UrlConnectionHttpClient.builder())
                    .region(Region.of(r));
            if (endpoint != null) {
                b.endpointOverride(endpoint);
            }
            ec2.add(b.build());
        }
        var s3 = S3Client.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .region(Region.of(names.get(0)))
                .crossRegionAccessEnabled(true);
        if (endpoint != null) {
            s3.endpointOverride(endpoint).forcePathStyle(true);
        }
        return List.of(
                new Ec2SecurityGroupReader(ec2, new RateLimiter(callsPerSecond), mapper),
                new S3BucketReader(s3.build(), new RateLimiter(callsPerSecond), mapper));
    }
}
