/**
 * The registry as an xDS control plane: clusters, endpoints, listeners and routes for Envoy and proxyless gRPC,
 * served over aggregated (ADS) and per-type gRPC streams, state-of-the-world and delta, from the registry's live
 * view.
 */
@NullMarked
package dev.discovery.server.xds;

import org.jspecify.annotations.NullMarked;
