package dev.discovery.server.epoch;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Fallback;

import dev.discovery.server.lease.LeaseProperties;
import dev.discovery.server.registry.Registry;

/**
 * The registry's epoch: a new one per process for the in-memory store, unless a store that shares its state
 * declares its own {@link RegistryEpoch} bean (this one is a fallback, so the store's wins whatever the order in
 * which configurations are read).
 */
@Configuration(proxyBeanMethods = false)
class EpochConfiguration {

	private static final Log logger = LogFactory.getLog(EpochConfiguration.class);

	@Bean
	@Fallback
	@ConditionalOnMissingBean
	RegistryEpoch registryEpoch(LeaseProperties lease) {
		return RegistryEpoch.random(lease.getDefaultTtl());
	}

	/**
	 * Before the web server starts, once the store has recovered: a registry whose store restored earlier state, or
	 * that already holds instances, is not warming up.
	 */
	@Bean
	SmartLifecycle registryEpochRestoredCheck(RegistryEpoch epoch, Registry registry) {
		return new SmartLifecycle() {

			private volatile boolean running;

			@Override
			public void start() {
				// The store says whether it recovered earlier state; holding instances before serving means so too.
				if (registry.recovery().restored() || registry.instanceCount() > 0) {
					epoch.markRestored();
				}
				else if (!epoch.restored()) {
					logger.info("Registry epoch " + epoch.id() + ": started without restored state, warming up");
				}
				this.running = true;
			}

			@Override
			public void stop() {
				this.running = false;
			}

			@Override
			public boolean isRunning() {
				return this.running;
			}

			@Override
			public int getPhase() {
				return 2;
			}

		};
	}

}
