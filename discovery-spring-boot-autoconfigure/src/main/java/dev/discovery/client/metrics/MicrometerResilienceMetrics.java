package dev.discovery.client.metrics;

import java.time.Duration;

import dev.discovery.client.resilience.CallFailure;
import dev.discovery.client.resilience.EjectionListener;
import dev.discovery.client.resilience.OutlierDetector;
import dev.discovery.client.resilience.RetryListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.cloud.client.ServiceInstance;

/**
 * Meters of the load balancer's resilience: {@code discovery.client.loadbalancer.retries} (tagged {@code service}
 * and {@code failure}), {@code discovery.client.loadbalancer.ejections} (tagged {@code service} and
 * {@code reason}), {@code discovery.client.loadbalancer.ejection.capped} (tagged {@code service}: ejected instances
 * offered anyway, to stay within the maximum share) and the gauge {@code discovery.client.loadbalancer.ejected}.
 */
public class MicrometerResilienceMetrics implements RetryListener, EjectionListener {

	private final MeterRegistry registry;

	/**
	 * Creates the meters and listens to the detector's ejections.
	 * @param registry the meter registry
	 * @param detector this caller's ejections
	 */
	public MicrometerResilienceMetrics(MeterRegistry registry, OutlierDetector detector) {
		this.registry = registry;
		Gauge.builder("discovery.client.loadbalancer.ejected", detector, OutlierDetector::ejectedCount)
			.description("Instances this caller's load balancer skips now")
			.register(registry);
		detector.addListener(this);
	}

	@Override
	public void retried(String service, CallFailure failure) {
		Counter.builder("discovery.client.loadbalancer.retries")
			.description("Load-balanced calls sent again to another instance")
			.tag("service", service)
			.tag("failure", failure.tag())
			.register(this.registry)
			.increment();
	}

	@Override
	public void ejected(ServiceInstance instance, String reason, Duration duration) {
		Counter.builder("discovery.client.loadbalancer.ejections")
			.description("Instances ejected from this caller's load balancing")
			.tag("service", instance.getServiceId())
			.tag("reason", reason)
			.register(this.registry)
			.increment();
	}

	@Override
	public void capped(String service) {
		Counter.builder("discovery.client.loadbalancer.ejection.capped")
			.description("Choices that offered ejected instances to keep within the maximum ejected share")
			.tag("service", service)
			.register(this.registry)
			.increment();
	}

}
