package dev.discovery.server.connector;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Puts the connector limits on Tomcat: its HTTP connector runs {@link LimitedNioProtocol}, and every request passes
 * the {@link RequestLimitValve} before the application sees it.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ConnectorProperties.class)
class ConnectorConfiguration {

	@Bean
	WebServerFactoryCustomizer<TomcatServletWebServerFactory> connectorLimits(ConnectorProperties properties,
			MeterRegistry meters) {
		ConnectorLimits limits = new ConnectorLimits(properties, new ConnectorMeters(meters));
		return (factory) -> {
			factory.setProtocol(LimitedNioProtocol.class.getName());
			factory.addConnectorCustomizers((connector) -> {
				if (connector.getProtocolHandler() instanceof LimitedNioProtocol protocol) {
					protocol.limits(limits);
				}
			});
			factory.addContextValves(new RequestLimitValve(limits));
		};
	}

}
