package dev.discovery.server.web;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.servlet.filter.OrderedFormContentFilter;
import org.springframework.boot.servlet.filter.OrderedRequestContextFilter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.filter.FormContentFilter;
import org.springframework.web.filter.RequestContextFilter;

import dev.discovery.server.fastpath.FastPathFilter;

/**
 * Spring's servlet filters that only Spring MVC needs run after the security filters and the fast paths, where Boot
 * would run them before both: a read, heartbeat or registration answered by a fast path skips them. The filters
 * every request needs keep their place: character encoding first, then the HTTP server observation (so
 * {@code http.server.requests} counts every request), the epoch header, the body size limit, then security.
 */
@Configuration(proxyBeanMethods = false)
class SpringFiltersConfiguration {

	/** After the fast paths (order 0), before Spring MVC. */
	static final int ORDER = FastPathFilter.ORDER + 10;

	/** Form bodies of {@code PUT}, {@code PATCH} and {@code DELETE} as parameters: no fast path reads a form. */
	@Bean
	@ConditionalOnBooleanProperty(name = "spring.mvc.formcontent.filter.enabled", matchIfMissing = true)
	FormContentFilter formContentFilter() {
		OrderedFormContentFilter filter = new OrderedFormContentFilter();
		filter.setOrder(ORDER);
		return filter;
	}

	/**
	 * The request and its locale in thread-bound holders, for Spring MVC's handlers (its dispatcher sets them too);
	 * the security filters and the fast paths do not read them.
	 */
	@Bean
	static RequestContextFilter requestContextFilter() {
		OrderedRequestContextFilter filter = new OrderedRequestContextFilter();
		filter.setOrder(ORDER);
		return filter;
	}

}
