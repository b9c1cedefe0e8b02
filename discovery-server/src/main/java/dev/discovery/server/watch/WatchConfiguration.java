package dev.discovery.server.watch;

import java.time.Clock;

import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.discovery.server.epoch.RegistryEpoch;
import dev.discovery.server.reads.InstanceLists;
import dev.discovery.server.registry.Registry;

/**
 * The push API's parts: the change log the registry appends to, the hub of open streams, the blocking queries and
 * the dispatcher that feeds both.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(WatchProperties.class)
class WatchConfiguration {

	private final WakeUp wakeUp = new WakeUp();

	@Bean
	ChangeLog watchChangeLog(Registry registry, WatchProperties properties) {
		return new ChangeLog(registry, properties.getHistorySize(), this.wakeUp);
	}

	@Bean
	WatchMeters watchMeters(MeterRegistry meters) {
		return new WatchMeters(meters);
	}

	@Bean
	WatchHub watchHub(Registry registry, ChangeLog watchChangeLog, JsonMapper jsonMapper, WatchMeters watchMeters,
			Clock clock, WatchProperties properties, RegistryEpoch registryEpoch,
			ObjectProvider<WatchSubscribers> subscribers) {
		WatchHub hub = new WatchHub(registry, watchChangeLog, new EventFrames(jsonMapper, registryEpoch), watchMeters,
				clock, this.wakeUp, properties,
				new WatcherQuota(properties.getMaxWatchersPerAddress()));
		subscribers.ifAvailable(hub::subscribers);
		return hub;
	}

	@Bean
	BlockingQueries blockingQueries(Registry registry, ChangeLog watchChangeLog, WatchMeters watchMeters,
			InstanceLists instanceLists) {
		return new BlockingQueries(registry, watchChangeLog, watchMeters, instanceLists);
	}

	@Bean
	Deliveries watchDeliveries(WatchHub watchHub) {
		Deliveries deliveries = new Deliveries(this.wakeUp);
		watchHub.deliveries(deliveries);
		return deliveries;
	}

	@Bean
	WatchDispatcher watchDispatcher(Registry registry, ChangeLog watchChangeLog, WatchHub watchHub,
			BlockingQueries blockingQueries, Deliveries watchDeliveries, Clock clock,
			WatchProperties properties) {
		return new WatchDispatcher(registry, watchChangeLog, watchHub, blockingQueries, watchDeliveries, this.wakeUp,
				clock, properties.getHeartbeatInterval(), properties.getStallTimeout());
	}

}
