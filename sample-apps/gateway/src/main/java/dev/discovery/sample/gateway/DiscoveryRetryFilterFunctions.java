package dev.discovery.sample.gateway;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.discovery.client.resilience.CallFailure;
import dev.discovery.client.resilience.RetryAfter;
import dev.discovery.client.resilience.RetryPolicy;
import dev.discovery.client.resilience.TriedInstances;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import org.jspecify.annotations.Nullable;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.DefaultRequest;
import org.springframework.cloud.client.loadbalancer.RequestData;
import org.springframework.cloud.gateway.server.mvc.common.MvcUtils;
import org.springframework.cloud.gateway.server.mvc.filter.SimpleFilterSupplier;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;
import org.springframework.cloud.loadbalancer.support.LoadBalancerClientFactory;
import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpHeaders;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.web.servlet.function.HandlerFilterFunction;
import org.springframework.web.servlet.function.HandlerFunction;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * The {@code DiscoveryRetry} route filter: a route's calls follow the rules of the starter's load-balanced clients
 * (its {@link RetryPolicy} bean, {@code discovery.loadbalancer.retry.*}). Any method is sent to another instance when
 * the connection was refused or could not be made (nothing was sent); GET, HEAD, OPTIONS, PUT and DELETE also on a
 * reset, a timeout or a 502/503/504; never on a 500. Bounded attempts, never the same instance twice (the
 * {@code lb} filter's choice leaves out those in the call's {@link TriedInstances}), a jittered back-off, and a 503's
 * {@code Retry-After} is waited for up to its maximum. Spring Cloud Gateway adds the {@code lb} filter after the
 * route's own, so this one wraps it and each attempt is chosen again.
 */
public abstract class DiscoveryRetryFilterFunctions {

	/** Bodies up to this size are kept to be sent again; a larger one is sent to one instance only. */
	static final int MAX_BODY = 1024 * 1024;

	private DiscoveryRetryFilterFunctions() {
	}

	/**
	 * The filter, named {@code DiscoveryRetry} in a route's {@code filters}.
	 * @return the filter
	 */
	public static HandlerFilterFunction<ServerResponse, ServerResponse> discoveryRetry() {
		return DiscoveryRetryFilterFunctions::filter;
	}

	private static ServerResponse filter(ServerRequest request, HandlerFunction<ServerResponse> next)
			throws Exception {
		ApplicationContext context = MvcUtils.getApplicationContext(request);
		RetryPolicy policy = context.getBeanProvider(RetryPolicy.class).getIfAvailable();
		byte[] body = (policy != null) ? body(request.servletRequest()) : null;
		if (policy == null || body == null) {
			return next.handle(request);
		}
		TriedInstances tried = new TriedInstances(new RequestData(request.method(), request.uri(),
				new HttpHeaders(), new LinkedMultiValueMap<>(), Map.of()), "default");
		MvcUtils.putAttribute(request, TriedInstances.ATTRIBUTE, tried);
		for (int attempt = 1;; attempt++) {
			ServerRequest sent = (body.length > 0) ? withBody(request, body) : request;
			ServerResponse response = null;
			Exception error = null;
			CallFailure failure;
			try {
				response = next.handle(sent);
				failure = CallFailure.of(response.statusCode().value());
			}
			catch (Exception ex) {
				error = ex;
				failure = CallFailure.of(ex);
			}
			Duration retryAfter = (response != null && failure == CallFailure.UNAVAILABLE)
					? RetryAfter.of(response.headers()) : null;
			Duration delay = (failure != null) ? policy.delay(attempt, request.method(), failure, retryAfter) : null;
			if (delay == null || !untriedLeft(context, tried)) {
				if (error != null) {
					throw error;
				}
				return response;
			}
			release(request);
			sleep(delay);
		}
	}

	/**
	 * The request's body, read to be sent again: empty without one, {@code null} if it is too large or of unknown
	 * length (then the call is not retried).
	 */
	private static byte @Nullable [] body(HttpServletRequest request) throws IOException {
		long length = request.getContentLengthLong();
		if (length == 0 || (length < 0 && request.getHeader(HttpHeaders.TRANSFER_ENCODING) == null)) {
			return new byte[0];
		}
		if (length < 0 || length > MAX_BODY) {
			return null;
		}
		return request.getInputStream().readNBytes(MAX_BODY);
	}

	/**
	 * Whether the call may go to another instance: LoadBalancer's retry switch for the service
	 * ({@code spring.cloud.loadbalancer[.clients.<service>].retry.enabled}) is on, and an instance this call has not
	 * tried is left.
	 */
	private static boolean untriedLeft(ApplicationContext context, TriedInstances tried) {
		ServiceInstance last = tried.getPreviousServiceInstance();
		LoadBalancerClientFactory factory = context.getBean(LoadBalancerClientFactory.class);
		if (last == null || !factory.getProperties(last.getServiceId()).getRetry().isEnabled()) {
			return false;
		}
		ServiceInstanceListSupplier supplier = factory.getInstance(last.getServiceId(),
				ServiceInstanceListSupplier.class);
		List<ServiceInstance> left = (supplier != null)
				? supplier.get(new DefaultRequest<>(tried)).blockFirst(Duration.ofSeconds(5)) : null;
		return left != null && !left.isEmpty();
	}

	/** Closes the answer of an attempt that is retried, giving its connection back. */
	private static void release(ServerRequest request) {
		ClientHttpResponse answer = MvcUtils.getAttribute(request, MvcUtils.CLIENT_RESPONSE_ATTR);
		if (answer != null) {
			answer.close();
			MvcUtils.putAttribute(request, MvcUtils.CLIENT_RESPONSE_ATTR, null);
		}
	}

	private static void sleep(Duration delay) throws InterruptedIOException {
		try {
			Thread.sleep(delay.toMillis(), (int) (delay.toNanos() % 1_000_000));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new InterruptedIOException("Interrupted before retrying a routed call");
		}
	}

	/** The request again, its body readable from the start. */
	private static ServerRequest withBody(ServerRequest request, byte[] body) {
		HttpServletRequest again = new HttpServletRequestWrapper(request.servletRequest()) {

			@Override
			public ServletInputStream getInputStream() {
				return new BodyStream(body);
			}

		};
		return ServerRequest.create(again, request.messageConverters());
	}

	/** Makes the filter known to Spring Cloud Gateway's route configuration (a bean of the application). */
	public static class FilterSupplier extends SimpleFilterSupplier {

		public FilterSupplier() {
			super(DiscoveryRetryFilterFunctions.class);
		}

	}

	/** A body kept in memory, read again for each attempt. */
	static final class BodyStream extends ServletInputStream {

		private final ByteArrayInputStream bytes;

		BodyStream(byte[] body) {
			this.bytes = new ByteArrayInputStream(body);
		}

		@Override
		public int read() {
			return this.bytes.read();
		}

		@Override
		public int read(byte[] buffer, int offset, int length) {
			return this.bytes.read(buffer, offset, length);
		}

		@Override
		public boolean isFinished() {
			return this.bytes.available() == 0;
		}

		@Override
		public boolean isReady() {
			return true;
		}

		/** The whole body is in memory: it is available at once, and read in full once the listener has read it. */
		@Override
		public void setReadListener(ReadListener listener) {
			try {
				if (!isFinished()) {
					listener.onDataAvailable();
				}
				listener.onAllDataRead();
			}
			catch (IOException | RuntimeException ex) {
				listener.onError(ex);
			}
		}

	}

}
