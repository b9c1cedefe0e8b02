package dev.discovery.benchmarks.xds;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import io.envoyproxy.controlplane.cache.Resources;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.endpoint.v3.LbEndpoint;
import io.envoyproxy.envoy.config.endpoint.v3.LocalityLbEndpoints;
import io.envoyproxy.envoy.service.discovery.v3.AggregatedDiscoveryServiceGrpc;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import org.jspecify.annotations.Nullable;

/**
 * One xDS client: its own gRPC connection and ADS stream, subscribed to one service's endpoints. It decodes every
 * response, notes when each endpoint port first arrived, and acknowledges, on gRPC's transport thread.
 */
final class AdsClient implements StreamObserver<DiscoveryResponse>, AutoCloseable {

	private final ManagedChannel channel;

	private final StreamObserver<DiscoveryRequest> requests;

	private final Node node;

	private final String service;

	private final Map<Integer, Long> arrivals = new ConcurrentHashMap<>();

	private volatile boolean closed;

	AdsClient(int port, String id, String service) {
		this.node = Node.newBuilder().setId(id).build();
		this.service = service;
		this.channel = NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().directExecutor().build();
		this.requests = AggregatedDiscoveryServiceGrpc.newStub(this.channel).streamAggregatedResources(this);
		synchronized (this.requests) {
			this.requests.onNext(request("", ""));
		}
	}

	private DiscoveryRequest request(String version, String nonce) {
		return DiscoveryRequest.newBuilder()
			.setNode(this.node)
			.setTypeUrl(Resources.V3.ENDPOINT_TYPE_URL)
			.addResourceNames(this.service)
			.setVersionInfo(version)
			.setResponseNonce(nonce)
			.build();
	}

	/** When endpoints with this port first arrived, in {@link System#nanoTime()}, or {@code null}. */
	@Nullable Long arrivedAt(int port) {
		return this.arrivals.get(port);
	}

	@Override
	public void onNext(DiscoveryResponse response) {
		long now = System.nanoTime();
		for (Any resource : response.getResourcesList()) {
			try {
				ClusterLoadAssignment assignment = resource.unpack(ClusterLoadAssignment.class);
				for (LocalityLbEndpoints locality : assignment.getEndpointsList()) {
					for (LbEndpoint endpoint : locality.getLbEndpointsList()) {
						this.arrivals.putIfAbsent(endpoint.getEndpoint().getAddress().getSocketAddress().getPortValue(),
								now);
					}
				}
			}
			catch (InvalidProtocolBufferException ex) {
				throw new IllegalStateException(ex);
			}
		}
		synchronized (this.requests) {
			this.requests.onNext(request(response.getVersionInfo(), response.getNonce()));
		}
	}

	@Override
	public void onError(Throwable error) {
		if (this.closed) {
			return;
		}
		System.err.println("xDS stream of " + this.node.getId() + " failed: " + error);
	}

	@Override
	public void onCompleted() {
	}

	@Override
	public void close() {
		this.closed = true;
		this.channel.shutdownNow();
		try {
			this.channel.awaitTermination(5, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
