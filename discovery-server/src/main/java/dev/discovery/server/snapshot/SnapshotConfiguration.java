package dev.discovery.server.snapshot;

import java.time.Clock;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.discovery.server.registry.RegistrationValidator;
import dev.discovery.server.store.Journal;

/**
 * The memory store's saved state (snapshot and journal), unless {@code discovery.server.snapshot.enabled=false}.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SnapshotProperties.class)
@ConditionalOnBooleanProperty(name = "discovery.server.snapshot.enabled", matchIfMissing = true)
// A shared store (etcd) keeps the state itself; a local snapshot of it would only go stale.
@ConditionalOnProperty(name = "discovery.server.store", havingValue = "memory", matchIfMissing = true)
class SnapshotConfiguration {

	@Bean
	@ConditionalOnMissingBean(Journal.class)
	FileJournal fileJournal(SnapshotProperties properties, RegistrationValidator validator, Clock clock) {
		return new FileJournal(properties, validator, clock);
	}

	@Bean
	HealthIndicator journalHealthIndicator(FileJournal journal) {
		return new JournalHealthIndicator(journal);
	}

	@Bean
	MeterBinder journalMeters(FileJournal journal) {
		return (meters) -> {
			Gauge.builder("discovery.journal.written", journal, FileJournal::written)
				.description("Index of the last change written to the journal (safe from a crash of the registry)")
				.register(meters);
			Gauge.builder("discovery.journal.synced", journal, FileJournal::synced)
				.description("Index of the last change flushed to disk (safe from a crash of the machine)")
				.register(meters);
			Gauge.builder("discovery.journal.failing", journal, (j) -> j.failing() ? 1 : 0)
				.description("1 while the journal cannot be written and writes answer 503, else 0")
				.register(meters);
		};
	}

}
