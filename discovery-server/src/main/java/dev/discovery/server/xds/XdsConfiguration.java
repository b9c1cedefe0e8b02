package dev.discovery.server.xds;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import io.envoyproxy.controlplane.server.DefaultExecutorGroup;
import io.envoyproxy.controlplane.server.V3DiscoveryServer;
import io.envoyproxy.controlplane.server.serializer.CachedProtoResourcesSerializer;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.web.server.autoconfigure.ServerProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.discovery.server.registry.Registry;
import dev.discovery.server.security.TokenAuthenticator;
import dev.discovery.server.watch.WatcherQuota;

/**
 * The xDS control plane, on unless {@code discovery.server.xds.enabled=false}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "discovery.server.xds.enabled", matchIfMissing = true)
class XdsConfiguration {

	@Bean
	XdsMetrics xdsMetrics(ObjectProvider<MeterRegistry> meters) {
		return new XdsMetrics(meters.getIfAvailable());
	}

	@Bean
	XdsCache xdsCache() {
		// Versions carry this run's epoch: a client holding a version from an earlier run is always answered.
		return new XdsCache(XdsState.empty(Integer.toString(ThreadLocalRandom.current().nextInt() >>> 1, 36)));
	}

	@Bean
	XdsPublisher xdsPublisher(Registry registry, XdsCache xdsCache, XdsProperties properties) {
		return new XdsPublisher(registry, xdsCache, properties.getPublishInterval());
	}

	@Bean
	StreamGuard xdsStreamGuard(TokenAuthenticator authenticator, XdsProperties properties, XdsMetrics xdsMetrics,
			XdsPublisher xdsPublisher) {
		return new StreamGuard(authenticator, new WatcherQuota(properties.getMaxStreamsPerAddress()),
				properties.getMaxUnreadResponses(), xdsMetrics, xdsPublisher);
	}

	@Bean
	@ConditionalOnMissingBean
	XdsServer xdsServer(XdsProperties properties, XdsCache xdsCache, StreamGuard xdsStreamGuard,
			XdsMetrics xdsMetrics, ObjectProvider<ServerProperties> server, ObjectProvider<SslBundles> bundles) {
		ServerProperties http = server.getIfAvailable();
		V3DiscoveryServer discovery = new V3DiscoveryServer(List.of(new XdsCallbacks(xdsMetrics)), xdsCache,
				new DefaultExecutorGroup(), new CachedProtoResourcesSerializer());
		xdsMetrics.gauges(xdsStreamGuard::openStreams, xdsCache::parkedWatches);
		LimitedServerChannel.Limits connections = new LimitedServerChannel.Limits(
				properties.getMaxConnectionsPerAddress(), properties.getMaxConnections(), xdsMetrics);
		xdsMetrics.connections(connections::open);
		return new XdsServer(properties,
				XdsTls.credentials(properties.getSslBundle(), (http != null) ? http.getSsl() : null,
						bundles.getIfAvailable()),
				discovery, xdsStreamGuard, connections);
	}

}
