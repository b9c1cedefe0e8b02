package dev.discovery.server.propagation;

import java.time.Clock;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.ContextClosedEvent;

import dev.discovery.server.fastpath.FastPathFilter;
import dev.discovery.server.watch.WatchProperties;

/**
 * Time to truth: the tracker that hears of changes and watch streams, the acknowledgement and report endpoints,
 * and their meters.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(PropagationProperties.class)
class PropagationConfiguration {

	@Bean
	PropagationTracker propagationTracker(PropagationProperties properties, MeterRegistry meterRegistry, Clock clock) {
		PropagationMeters meters = new PropagationMeters(meterRegistry, properties.getWindow());
		PropagationTracker tracker = new PropagationTracker(properties, meters, clock, System::nanoTime);
		meters.gauges(tracker::subscriberCount, tracker::laggingCount);
		return tracker;
	}

	@Bean
	AppliedWaits propagationAppliedWaits(PropagationTracker propagationTracker) {
		return new AppliedWaits(propagationTracker);
	}

	/** After the security filters (Spring Security's chain runs at -100), before Spring MVC. */
	@Bean
	FilterRegistrationBean<AcknowledgementFilter> acknowledgementFilter(PropagationTracker propagationTracker,
			WatchProperties watchProperties) {
		return FastPathFilter.registration(
				new AcknowledgementFilter(propagationTracker, watchProperties.getMaxWait()), "/api/v1/watch/*");
	}

	/** Before the web server's graceful drain: a parked wait must not hold the shutdown. */
	@Bean
	ApplicationListener<ContextClosedEvent> propagationShutdown(AppliedWaits propagationAppliedWaits) {
		return (event) -> propagationAppliedWaits.answerAll();
	}

}
