package dev.discovery.server.xds;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.rpc.Status;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.service.discovery.v3.AggregatedDiscoveryServiceGrpc;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryResponse;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import org.jspecify.annotations.Nullable;

/**
 * A hand-driven ADS client for tests: sends exactly the requests a test writes and queues what the registry answers.
 */
final class AdsStream implements AutoCloseable {

	static final Node NODE = Node.newBuilder().setId("test-node").setUserAgentName("ads-stream").build();

	private final ManagedChannel channel;

	private final BlockingQueue<Message> responses = new LinkedBlockingQueue<>();

	private final CompletableFuture<io.grpc.Status> end = new CompletableFuture<>();

	private final List<Message> skipped = new ArrayList<>();

	private final @Nullable StreamObserver<DiscoveryRequest> requests;

	private final @Nullable StreamObserver<DeltaDiscoveryRequest> deltaRequests;

	private AdsStream(ManagedChannel channel, @Nullable String token, boolean delta) {
		this.channel = channel;
		AggregatedDiscoveryServiceGrpc.AggregatedDiscoveryServiceStub stub = AggregatedDiscoveryServiceGrpc
			.newStub(channel);
		if (token != null) {
			Metadata headers = new Metadata();
			headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
			stub = stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
		}
		if (delta) {
			this.requests = null;
			this.deltaRequests = stub.deltaAggregatedResources(observer());
		}
		else {
			this.requests = stub.streamAggregatedResources(observer());
			this.deltaRequests = null;
		}
	}

	static AdsStream open(int port) {
		return open(port, InsecureChannelCredentials.create(), null, false);
	}

	static AdsStream openDelta(int port) {
		return open(port, InsecureChannelCredentials.create(), null, true);
	}

	static AdsStream open(int port, ChannelCredentials credentials, @Nullable String token, boolean delta) {
		ManagedChannel channel = Grpc.newChannelBuilderForAddress("localhost", port, credentials).build();
		return new AdsStream(channel, token, delta);
	}

	private <T extends Message> StreamObserver<T> observer() {
		return new StreamObserver<>() {

			@Override
			public void onNext(T value) {
				AdsStream.this.responses.add(value);
			}

			@Override
			public void onError(Throwable error) {
				AdsStream.this.end.complete(io.grpc.Status.fromThrowable(error));
			}

			@Override
			public void onCompleted() {
				AdsStream.this.end.complete(io.grpc.Status.OK);
			}

		};
	}

	void request(String typeUrl, List<String> names, String version, String nonce) {
		send(DiscoveryRequest.newBuilder()
			.setNode(NODE)
			.setTypeUrl(typeUrl)
			.addAllResourceNames(names)
			.setVersionInfo(version)
			.setResponseNonce(nonce)
			.build());
	}

	void ack(DiscoveryResponse response, List<String> names) {
		request(response.getTypeUrl(), names, response.getVersionInfo(), response.getNonce());
	}

	void nack(DiscoveryResponse response, List<String> names, String previousVersion, String reason) {
		send(DiscoveryRequest.newBuilder()
			.setNode(NODE)
			.setTypeUrl(response.getTypeUrl())
			.addAllResourceNames(names)
			.setVersionInfo(previousVersion)
			.setResponseNonce(response.getNonce())
			.setErrorDetail(Status.newBuilder().setCode(3).setMessage(reason))
			.build());
	}

	void send(DiscoveryRequest request) {
		this.requests.onNext(request);
	}

	void send(DeltaDiscoveryRequest request) {
		this.deltaRequests.onNext(request);
	}

	/** The next response of a type; responses of other types are kept for later calls. */
	DiscoveryResponse next(String typeUrl) {
		return (DiscoveryResponse) next(typeUrl, Duration.ofSeconds(10));
	}

	DeltaDiscoveryResponse nextDelta(String typeUrl) {
		return (DeltaDiscoveryResponse) next(typeUrl, Duration.ofSeconds(10));
	}

	/** A response of the type, if one comes within the time. */
	@Nullable Message next(String typeUrl, Duration within) {
		for (Iterator<Message> it = this.skipped.iterator(); it.hasNext();) {
			Message kept = it.next();
			if (typeUrl.equals(typeUrl(kept))) {
				it.remove();
				return kept;
			}
		}
		long deadline = System.nanoTime() + within.toNanos();
		try {
			for (long left = within.toNanos(); left > 0; left = deadline - System.nanoTime()) {
				Message response = this.responses.poll(left, TimeUnit.NANOSECONDS);
				if (response == null) {
					break;
				}
				if (typeUrl.equals(typeUrl(response))) {
					return response;
				}
				this.skipped.add(response);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		if (within.compareTo(Duration.ofSeconds(1)) > 0) {
			throw new AssertionError("No " + typeUrl + " response within " + within + "; stream end: "
					+ (this.end.isDone() ? this.end.join() : "open"));
		}
		return null;
	}

	private static String typeUrl(Message response) {
		return (response instanceof DiscoveryResponse sotw) ? sotw.getTypeUrl()
				: ((DeltaDiscoveryResponse) response).getTypeUrl();
	}

	/** How the stream ended. */
	io.grpc.Status end(Duration within) throws Exception {
		return this.end.get(within.toMillis(), TimeUnit.MILLISECONDS);
	}

	static <T extends Message> List<T> unpack(List<Any> resources, Class<T> type) {
		List<T> unpacked = new ArrayList<>();
		for (Any any : resources) {
			try {
				unpacked.add(any.unpack(type));
			}
			catch (InvalidProtocolBufferException ex) {
				throw new AssertionError(ex);
			}
		}
		return unpacked;
	}

	@Override
	public void close() {
		this.channel.shutdownNow();
	}

}
