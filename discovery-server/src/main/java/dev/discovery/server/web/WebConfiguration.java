package dev.discovery.server.web;

import java.io.IOException;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.catalina.core.StandardHost;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.type.LogicalType;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.servlet.HandlerExceptionResolver;

import dev.discovery.protocol.Headers;
import dev.discovery.server.config.LimitsProperties;
import dev.discovery.server.epoch.RegistryEpoch;
import dev.discovery.server.fastpath.FastPathFilter;
import dev.discovery.server.registry.Registry;

/**
 * Servlet-level pieces of the API: the body size limit, refusing clients that take no JSON, and problem details for
 * errors Tomcat answers itself.
 */
@Configuration(proxyBeanMethods = false)
class WebConfiguration {

	@Bean
	FilterRegistrationBean<BodySizeLimitFilter> bodySizeLimitFilter(LimitsProperties limits,
			@Qualifier("handlerExceptionResolver") HandlerExceptionResolver resolver) {
		long limit = limits.getMaxBodySize().toBytes();
		FilterRegistrationBean<BodySizeLimitFilter> registration = new FilterRegistrationBean<>(
				new BodySizeLimitFilter(limit, resolver));
		registration.addUrlPatterns("/api/*", "/eureka/*");
		registration.setDispatcherTypes(DispatcherType.REQUEST);
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 100);
		return registration;
	}

	/**
	 * Every API answer names the epoch its index belongs to, errors and the heartbeat fast path included: first,
	 * before anything can commit the response.
	 */
	@Bean
	FilterRegistrationBean<HttpFilter> epochHeaderFilter(RegistryEpoch epoch) {
		FilterRegistrationBean<HttpFilter> registration = new FilterRegistrationBean<>(new HttpFilter() {
			@Override
			protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
					throws ServletException, IOException {
				response.setHeader(Headers.EPOCH, epoch.id());
				chain.doFilter(request, response);
			}
		});
		registration.addUrlPatterns("/api/*");
		registration.setDispatcherTypes(DispatcherType.REQUEST);
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 50);
		return registration;
	}

	@Bean
	FilterRegistrationBean<ContentEncodingFilter> contentEncodingFilter(
			@Qualifier("handlerExceptionResolver") HandlerExceptionResolver resolver) {
		return beforeFastPaths(new ContentEncodingFilter(resolver), "/api/*", "/eureka/*");
	}

	@Bean
	FilterRegistrationBean<NotAcceptableFilter> notAcceptableFilter(
			@Qualifier("handlerExceptionResolver") HandlerExceptionResolver resolver) {
		return beforeFastPaths(new NotAcceptableFilter(resolver), "/api/*");
	}

	/** After the security filters (order -100), before the fast paths (order 0) and Spring MVC. */
	private static <F extends RefusingFilter> FilterRegistrationBean<F> beforeFastPaths(F filter,
			String... urlPatterns) {
		FilterRegistrationBean<F> registration = new FilterRegistrationBean<>(filter);
		registration.addUrlPatterns(urlPatterns);
		registration.setDispatcherTypes(DispatcherType.REQUEST);
		registration.setOrder(-50);
		return registration;
	}

	/** After the security filters (order -100), before Spring MVC. */
	@Bean
	FilterRegistrationBean<HeartbeatFilter> heartbeatFilter(Registry registry,
			@Qualifier("handlerExceptionResolver") HandlerExceptionResolver resolver) {
		return FastPathFilter.registration(new HeartbeatFilter(registry, resolver), "/api/*");
	}

	/**
	 * Reads JSON strictly: {@code "host": true} or {@code "port": "8080"} is a client's mistake to report, not a
	 * value to guess at, and so is a field given twice (which of the two a proxy or an audit log saw is anybody's
	 * guess).
	 */
	@Bean
	JsonMapperBuilderCustomizer strictScalars() {
		return (builder) -> builder.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
			.withCoercionConfig(LogicalType.Textual, (config) -> config.setCoercion(CoercionInputShape.Boolean,
					CoercionAction.Fail)
				.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
				.setCoercion(CoercionInputShape.Float, CoercionAction.Fail))
			.withCoercionConfig(LogicalType.Integer,
					(config) -> config.setCoercion(CoercionInputShape.String, CoercionAction.Fail))
			.withCoercionConfig(LogicalType.Boolean, (config) -> config
				.setCoercion(CoercionInputShape.String, CoercionAction.Fail)
				.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail));
	}

	@Bean
	WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemErrorReports() {
		return (factory) -> factory.addContextCustomizers((context) -> {
			if (context.getParent() instanceof StandardHost host) {
				host.setErrorReportValveClass(ProblemErrorReportValve.class.getName());
			}
		});
	}

}
