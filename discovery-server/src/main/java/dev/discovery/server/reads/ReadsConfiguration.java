package dev.discovery.server.reads;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.HandlerExceptionResolver;

import dev.discovery.server.epoch.RegistryEpoch;
import dev.discovery.server.fastpath.FastPathFilter;
import dev.discovery.server.registry.Registry;

/**
 * The encoded answers to reads of a service's instances and the fast path that serves them.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ReadsProperties.class)
class ReadsConfiguration {

	@Bean
	InstanceLists instanceLists(Registry registry, RegistryEpoch epoch, ReadsProperties properties) {
		return new InstanceLists(registry, epoch, properties.isOmitDefaults());
	}

	/** After the security filters (order -100), before Spring MVC. */
	@Bean
	FilterRegistrationBean<ReadFilter> readFilter(InstanceLists answers,
			@Qualifier("handlerExceptionResolver") HandlerExceptionResolver resolver) {
		return FastPathFilter.registration(new ReadFilter(answers, resolver), "/api/*");
	}

}
