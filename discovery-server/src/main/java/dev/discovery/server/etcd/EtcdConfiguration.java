package dev.discovery.server.etcd;

import java.time.Clock;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import io.etcd.jetcd.Client;
import io.etcd.jetcd.ClientBuilder;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

import dev.discovery.server.config.LimitsProperties;
import dev.discovery.server.epoch.RegistryEpoch;
import dev.discovery.server.health.CheckAssignment;
import dev.discovery.server.lease.LeaseProperties;
import dev.discovery.server.protection.ProtectionMode;

/**
 * The registry kept in etcd ({@code discovery.server.store=etcd}): the store, the share of health checks this
 * replica owns, its link to protection mode, and what it tells health and metrics.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(EtcdProperties.class)
class EtcdConfiguration {

	/** Only with {@code discovery.server.store=etcd}; the properties are bound either way, for one place to read. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnProperty(name = "discovery.server.store", havingValue = "etcd")
	static class EtcdStoreConfiguration {

		@Bean(destroyMethod = "close")
		EtcdStore registry(EtcdProperties properties, ObjectProvider<SslBundles> bundles, Clock clock,
				LimitsProperties limits, Environment environment) throws Exception {
			ClientBuilder builder = EtcdClients.builder(properties, bundles.getIfAvailable());
			Client client = builder.build();
			// Lease renewals go to etcd's leader, on a client of its own with the same settings.
			LeaderLeases leader = new LeaderLeases(client, EtcdClients.endpoints(properties),
					(endpoint) -> EtcdClients.onEndpoint(builder, endpoint), properties.getRequestTimeout());
			CustomizableThreadFactory threads = new CustomizableThreadFactory("etcd-store-");
			threads.setDaemon(true);
			ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2, threads);
			String address = environment.getProperty("server.address", "*") + ":"
					+ environment.getProperty("server.port", "8761");
			EtcdStore store = new EtcdStore(client, leader, new EtcdStoreSettings(properties.getPrefix(),
					UUID.randomUUID().toString(), address, properties.getMemberTtl(), properties.getRequestTimeout(),
					limits.getMaxInstancesPerService(), limits.getMaxInstances()), clock, scheduler) {

				@Override
				public void close() {
					super.close();
					scheduler.shutdownNow();
				}

			};
			try {
				store.start();
			}
			catch (Exception ex) {
				store.close();
				throw new IllegalStateException("Could not load the registry from etcd at " + properties.getEndpoints()
						+ " (discovery.server.etcd.endpoints): " + EtcdStore.describe(ex), ex);
			}
			return store;
		}

		/**
		 * Every replica answers the epoch kept under the prefix, so a client failing over resumes from its index. Its
		 * own name: the memory store's epoch is a fallback bean that this one replaces.
		 */
		@Bean
		RegistryEpoch etcdRegistryEpoch(EtcdStore store, LeaseProperties lease) {
			return new RegistryEpoch(store.epoch(), lease.getDefaultTtl(), System::nanoTime);
		}

		@Bean
		CheckAssignment etcdCheckAssignment(EtcdStore store) {
			return new CheckAssignment() {

				@Override
				public boolean assigned(String service, String instanceId) {
					return store.owns(service, instanceId);
				}

				@Override
				public long generation() {
					return store.membershipGeneration();
				}

			};
		}

		@Bean
		static SmartInitializingSingleton etcdProtectionLink(ObjectProvider<EtcdStore> store,
				ObjectProvider<ProtectionMode> protection) {
			return () -> protection.ifAvailable((mode) -> store.getObject().protectedBy(new EtcdProtection(mode)));
		}

		@Bean
		HealthIndicator etcdHealthIndicator(EtcdStore store) {
			return new EtcdHealthIndicator(store);
		}

		@Bean
		EtcdMetrics etcdMetrics(EtcdStore store, MeterRegistry meters) {
			return new EtcdMetrics(store, meters);
		}

	}

}
