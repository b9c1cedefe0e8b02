package dev.discovery.client.autoconfigure;

import dev.discovery.client.discovery.RegistryInstanceLookup;
import dev.discovery.client.registry.RegistryClient;
import dev.discovery.client.registry.RegistryHttpClientCustomizer;
import dev.discovery.client.registry.RegistryTokenSupplier;
import dev.discovery.client.serviceregistry.Backoff;
import dev.discovery.client.watch.RegistryView;
import dev.discovery.client.watch.RegistryWatch;
import dev.discovery.client.watch.WatchingInstanceLookup;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.cache.Cache;
import org.springframework.cloud.client.discovery.event.HeartbeatEvent;
import org.springframework.cloud.loadbalancer.cache.LoadBalancerCacheManager;
import org.springframework.cloud.loadbalancer.core.CachingServiceInstanceListSupplier;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Lookups from a local view of the registry fed by its watch stream: {@code DiscoveryClient} and
 * {@code ReactiveDiscoveryClient} answer without a network call, a {@link HeartbeatEvent} is published whenever
 * the view changes, and Spring Cloud LoadBalancer's instance cache is cleared then, so callers see a change at
 * their next request instead of after the cache's TTL.
 */
@AutoConfiguration(after = RegistryClientAutoConfiguration.class, before = DiscoveryClientAutoConfiguration.class)
@ConditionalOnDiscoveryClientEnabled
@ConditionalOnBooleanProperty(name = "discovery.watch.enabled", matchIfMissing = true)
@EnableConfigurationProperties({ DiscoveryProperties.class, WatchProperties.class })
public final class DiscoveryWatchAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	RegistryView discoveryRegistryView(ApplicationEventPublisher publisher) {
		RegistryView view = new RegistryView();
		view.addListener((changed) -> publisher.publishEvent(new HeartbeatEvent(view, view.index())));
		return view;
	}

	@Bean
	@ConditionalOnMissingBean
	RegistryWatch discoveryRegistryWatch(DiscoveryProperties properties, WatchProperties watch, RegistryView view,
			ObjectProvider<SslBundles> sslBundles, ObjectProvider<RegistryHttpClientCustomizer> httpCustomizers,
			ObjectProvider<RegistryTokenSupplier> tokens, ObjectProvider<RegistryClient> client,
			Environment environment) {
		RegistryProperties registry = properties.getRegistry();
		RegistryWatch registryWatch = new RegistryWatch(registry.getUrl(),
				RegistryHttpClients.create(registry, sslBundles, httpCustomizers),
				tokens.getIfAvailable(() -> RegistryTokenSupplier.of(registry.getToken())), view,
				new Backoff(watch.getReconnectDelay(), watch.getMaxReconnectDelay()), watch.getIdleTimeout());
		registryWatch.setForgetAfter(watch.getForgetAfter());
		if (watch.isAcknowledge()) {
			registryWatch.setWatcherName(RegistrationFactory.serviceName(properties.getInstance(), environment));
			registryWatch.setAcknowledgeInterval(watch.getAcknowledgeInterval());
		}
		client.ifAvailable((registryClient) -> registryWatch.setAccess(registryClient.access()));
		return registryWatch;
	}

	@Bean
	@ConditionalOnMissingBean(dev.discovery.client.discovery.InstanceLookup.class)
	WatchingInstanceLookup watchingInstanceLookup(RegistryClient client, RegistryView view, RegistryWatch watch) {
		return new WatchingInstanceLookup(new RegistryInstanceLookup(client), view, watch);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(LoadBalancerCacheManager.class)
	static class LoadBalancerCacheConfiguration {

		// LoadBalancer declares its cache manager as no autowire candidate, so look it up by type.
		LoadBalancerCacheConfiguration(RegistryView view, ListableBeanFactory beans) {
			view.addListener((changed) -> beans.getBeansOfType(LoadBalancerCacheManager.class)
				.values()
				.forEach(LoadBalancerCacheConfiguration::clear));
		}

		private static void clear(LoadBalancerCacheManager caches) {
			Cache cache = caches.getCache(CachingServiceInstanceListSupplier.SERVICE_INSTANCE_CACHE_NAME);
			if (cache != null) {
				// Keys are service ids as callers spelled them; lists are rebuilt from the local view, so clear all.
				cache.clear();
			}
		}
	}

}
