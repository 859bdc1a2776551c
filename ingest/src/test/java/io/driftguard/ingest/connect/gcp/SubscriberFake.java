package io.driftguard.ingest.connect.gcp;

import com.google.protobuf.ByteString;
import com.google.protobuf.Empty;
import com.google.protobuf.Timestamp;
import com.google.pubsub.v1.AcknowledgeRequest;
import com.google.pubsub.v1.ModifyAckDeadlineRequest;
import com.google.pubsub.v1.PubsubMessage;
import com.google.pubsub.v1.ReceivedMessage;
import com.google.pubsub.v1.StreamingPullRequest;
import com.google.pubsub.v1.StreamingPullResponse;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

/**
 * The Pub/Sub Subscriber gRPC service ({@code google.pubsub.v1.Subscriber}) in process:
 * StreamingPull delivers the queued messages when a stream opens; Acknowledge and
 * ModifyAckDeadline (unary, as the Java client sends them, or inside the stream) are recorded.
 * The generated {@code SubscriberGrpc} stub is not on this build's classpath, so the service is
 * declared with the same method names and the protobuf marshallers, which is what goes on the wire.
 */
final class SubscriberFake implements AutoCloseable {

    private static final String SERVICE = "google.pubsub.v1.Subscriber";

    private static final MethodDescriptor<StreamingPullRequest, StreamingPullResponse> STREAMING_PULL =
            MethodDescriptor.<StreamingPullRequest, StreamingPullResponse>newBuilder()
                    .setType(MethodDescriptor.MethodType.BIDI_STREAMING)
                    .setFullMethodName(MethodDescriptor.generateFullMethodName(SERVICE, "StreamingPull"))
                    .setRequestMarshaller(ProtoUtils.marshaller(StreamingPullRequest.getDefaultInstance()))
                    .setResponseMarshaller(ProtoUtils.marshaller(StreamingPullResponse.getDefaultInstance()))
                    .build();
    private static final MethodDescriptor<AcknowledgeRequest, Empty> ACKNOWLEDGE =
            MethodDescriptor.<AcknowledgeRequest, Empty>newBuilder()
                    .setType(MethodDescriptor.MethodType.UNARY)
                    .setFullMethodName(MethodDescriptor.generateFullMethodName(SERVICE, "Acknowledge"))
                    .setRequestMarshaller(ProtoUtils.marshaller(AcknowledgeRequest.getDefaultInstance()))
                    .setResponseMarshaller(ProtoUtils.marshaller(Empty.getDefaultInstance()))
                    .build();
    private static final MethodDescriptor<ModifyAckDeadlineRequest, Empty> MODIFY_ACK_DEADLINE =
            MethodDescriptor.<ModifyAckDeadlineRequest, Empty>newBuilder()
                    .setType(MethodDescriptor.MethodType.UNARY)
                    .setFullMethodName(MethodDescriptor.generateFullMethodName(SERVICE, "ModifyAckDeadline"))
                    .setRequestMarshaller(ProtoUtils.marshaller(ModifyAckDeadlineRequest.getDefaultInstance()))
                    .setResponseMarshaller(ProtoUtils.marshaller(Empty.getDefaultInstance()))
                    .build();

    private final String name = "pubsub-fake-" + UUID.randomUUID();
    private final Server server;
    private final List<ReceivedMessage> pending = Collections.synchronizedList(new ArrayList<>());
    final List<String> subscriptions = Collections.synchronizedList(new ArrayList<>());
    final List<String> acked = Collections.synchronizedList(new ArrayList<>());
    final List<String> nacked = Collections.synchronizedList(new ArrayList<>());

    SubscriberFake() throws IOException {
        ServerServiceDefinition service = ServerServiceDefinition.builder(SERVICE)
                .addMethod(STREAMING_PULL, ServerCalls.asyncBidiStreamingCall(this::streamingPull))
                .addMethod(ACKNOWLEDGE, ServerCalls.asyncUnaryCall((req, out) -> {
                    acked.addAll(req.getAckIdsList());
                    out.onNext(Empty.getDefaultInstance());
                    out.onCompleted();
                }))
                .addMethod(MODIFY_ACK_DEADLINE, ServerCalls.asyncUnaryCall((req, out) -> {
                    if (req.getAckDeadlineSeconds() == 0) {
                        nacked.addAll(req.getAckIdsList());
                    }
                    out.onNext(Empty.getDefaultInstance());
                    out.onCompleted();
                }))
                .build();
        server = InProcessServerBuilder.forName(name)
                .directExecutor()
                .addService(service)
                .build()
                .start();
    }

    ManagedChannel channel() {
        return InProcessChannelBuilder.forName(name).directExecutor().build();
    }

    /** Queues a message; its ack id is {@code ack-<messageId>}. */
    void add(String messageId, byte[] data) {
        pending.add(ReceivedMessage.newBuilder()
                .setAckId("ack-" + messageId)
                .setMessage(PubsubMessage.newBuilder()
                        .setMessageId(messageId)
                        .setData(ByteString.copyFrom(data))
                        .setPublishTime(Timestamp.newBuilder().setSeconds(System.currentTimeMillis() / 1000)))
                .build());
    }

    private StreamObserver<StreamingPullRequest> streamingPull(StreamObserver<StreamingPullResponse> responses) {
        return new StreamObserver<>() {
            @Override
            public void onNext(StreamingPullRequest req) {
                acked.addAll(req.getAckIdsList());
                for (int i = 0; i < req.getModifyDeadlineAckIdsCount(); i++) {
                    if (req.getModifyDeadlineSeconds(i) == 0) {
                        nacked.add(req.getModifyDeadlineAckIds(i));
                    }
                }
                if (!req.getSubscription().isEmpty()) {
                    subscriptions.add(req.getSubscription());
                    List<ReceivedMessage> batch;
                    synchronized (pending) {
                        batch = new ArrayList<>(pending);
                        pending.clear();
                    }
                    if (!batch.isEmpty()) {
                        responses.onNext(StreamingPullResponse.newBuilder()
                                .addAllReceivedMessages(batch)
                                .build());
                    }
                }
            }

            @Override
            public void onError(Throwable t) {
                // the client went away
            }

            @Override
            public void onCompleted() {
                responses.onCompleted();
            }
        };
    }

    @Override
    public void close() {
        server.shutdownNow();
    }
}
