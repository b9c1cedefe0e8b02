package dev.discovery.server.xds;

import com.google.rpc.Status;
import io.envoyproxy.controlplane.server.DiscoveryServerCallbacks;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryResponse;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Hears every request and response on the xDS streams: notes who the client is, logs and counts the responses it
 * rejects (NACKs) with its reason, and counts responses.
 */
final class XdsCallbacks implements DiscoveryServerCallbacks {

	private static final Log logger = LogFactory.getLog(XdsCallbacks.class);

	private final XdsMetrics metrics;

	XdsCallbacks(XdsMetrics metrics) {
		this.metrics = metrics;
	}

	@Override
	public void onV3StreamRequest(long streamId, DiscoveryRequest request) {
		XdsClient client = client(request.hasNode() ? request.getNode() : null);
		if (request.hasErrorDetail()) {
			nacked(client, request.getTypeUrl(), "last accepted version " + request.getVersionInfo(),
					request.getErrorDetail());
		}
	}

	@Override
	public void onV3StreamDeltaRequest(long streamId, DeltaDiscoveryRequest request) {
		XdsClient client = client(request.hasNode() ? request.getNode() : null);
		if (request.hasErrorDetail()) {
			nacked(client, request.getTypeUrl(), "response nonce " + request.getResponseNonce(),
					request.getErrorDetail());
		}
	}

	@Override
	public void onV3StreamResponse(long streamId, DiscoveryRequest request, DiscoveryResponse response) {
		this.metrics.responded(response.getTypeUrl());
	}

	@Override
	public void onV3StreamDeltaResponse(long streamId, DeltaDiscoveryRequest request, DeltaDiscoveryResponse response) {
		this.metrics.responded(response.getTypeUrl());
	}

	private static @Nullable XdsClient client(@Nullable Node node) {
		XdsClient client = XdsClient.current();
		if (client != null && node != null) {
			client.node(node);
		}
		return client;
	}

	private void nacked(@Nullable XdsClient client, String typeUrl, String which, Status error) {
		this.metrics.nacked(typeUrl);
		String type = XdsMetrics.type(typeUrl);
		String reason = XdsClient.printable(error.getMessage());
		if (client == null || client.firstNack(type + reason)) {
			logger.warn("xDS client " + ((client != null) ? client : "(unknown)") + " rejected " + type
					+ " resources (" + which + "): " + reason);
		}
	}

}
