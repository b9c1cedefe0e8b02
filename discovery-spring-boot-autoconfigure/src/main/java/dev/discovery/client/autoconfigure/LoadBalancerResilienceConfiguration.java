package dev.discovery.client.autoconfigure;

import dev.discovery.client.resilience.AttemptLifecycle;
import dev.discovery.client.resilience.EjectingServiceInstanceListSupplier;
import dev.discovery.client.resilience.OutcomeLifecycle;
import dev.discovery.client.resilience.OutlierDetector;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Added to every service's LoadBalancer context (a default {@code LoadBalancerClientSpecification}): wraps whatever
 * supplier chain the service has in an {@link EjectingServiceInstanceListSupplier}, reports each call's outcome
 * to the {@link OutlierDetector} of the application context, and notes the instances tried by calls that carry
 * their {@code TriedInstances} in a request attribute.
 */
@Configuration(proxyBeanMethods = false)
public class LoadBalancerResilienceConfiguration {

	@Bean
	static BeanPostProcessor discoveryEjectingSupplierPostProcessor(ObjectProvider<OutlierDetector> detector) {
		return new BeanPostProcessor() {

			@Override
			public Object postProcessAfterInitialization(Object bean, String beanName) {
				if (bean instanceof ServiceInstanceListSupplier supplier
						&& !(bean instanceof EjectingServiceInstanceListSupplier)) {
					return new EjectingServiceInstanceListSupplier(supplier, detector.getObject());
				}
				return bean;
			}

		};
	}

	@Bean
	AttemptLifecycle discoveryAttemptLifecycle() {
		return new AttemptLifecycle();
	}

	@Bean
	@ConditionalOnBooleanProperty(name = "discovery.loadbalancer.ejection.enabled", matchIfMissing = true)
	OutcomeLifecycle discoveryOutcomeLifecycle(OutlierDetector detector) {
		return new OutcomeLifecycle(detector);
	}

}
