package dev.discovery.client.resilience;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.CompletionContext;
import org.springframework.cloud.client.loadbalancer.LoadBalancerLifecycle;
import org.springframework.cloud.client.loadbalancer.Request;
import org.springframework.cloud.client.loadbalancer.Response;
import org.springframework.cloud.client.loadbalancer.ResponseData;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.util.ClassUtils;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * Tells the {@link OutlierDetector} how each load-balanced call ended. A LoadBalancer lifecycle, so it hears of
 * every call Spring Cloud LoadBalancer makes: the starter's retrying clients, LoadBalancer's own interceptors and
 * exchange filters, and Spring Cloud Gateway's {@code lb} filter.
 */
@SuppressWarnings("rawtypes")
public class OutcomeLifecycle implements LoadBalancerLifecycle<Object, Object, ServiceInstance> {

	private static final boolean SERVLET_FUNCTIONS = ClassUtils
		.isPresent("org.springframework.web.servlet.function.ServerResponse", OutcomeLifecycle.class.getClassLoader());

	private final OutlierDetector detector;

	/**
	 * Creates the lifecycle.
	 * @param detector where outcomes go
	 */
	public OutcomeLifecycle(OutlierDetector detector) {
		this.detector = detector;
	}

	@Override
	public void onStart(Request<Object> request) {
	}

	@Override
	public void onStartRequest(Request<Object> request, Response<ServiceInstance> lbResponse) {
	}

	@Override
	public void onComplete(CompletionContext<Object, ServiceInstance, Object> completion) {
		Response<ServiceInstance> chosen = completion.getLoadBalancerResponse();
		ServiceInstance instance = (chosen != null) ? chosen.getServer() : null;
		if (instance == null || completion.status() == CompletionContext.Status.DISCARD) {
			return;
		}
		if (completion.status() == CompletionContext.Status.FAILED) {
			Throwable thrown = completion.getThrowable();
			CallFailure failure = (thrown != null) ? CallFailure.of(thrown) : null;
			if (failure != null) {
				this.detector.failed(instance, failure);
			}
			return;
		}
		Object response = completion.getClientResponse();
		if (response instanceof ResponseData data) {
			answered(instance, data.getHttpStatus(), data.getHeaders());
		}
		else if (SERVLET_FUNCTIONS && response instanceof ServerResponse served) {
			// Spring Cloud Gateway (Server Web MVC) reports the ServerResponse it proxied.
			answered(instance, served.statusCode(), served.headers());
		}
	}

	private void answered(ServiceInstance instance, @Nullable HttpStatusCode status, HttpHeaders headers) {
		@Nullable CallFailure failure = (status != null) ? CallFailure.of(status.value()) : null;
		if (failure == null) {
			this.detector.succeeded(instance);
			return;
		}
		Duration retryAfter = (failure == CallFailure.UNAVAILABLE) ? RetryAfter.of(headers) : null;
		if (retryAfter != null && !retryAfter.isZero()) {
			this.detector.backOff(instance, retryAfter);
		}
		else {
			this.detector.failed(instance, failure);
		}
	}

}
