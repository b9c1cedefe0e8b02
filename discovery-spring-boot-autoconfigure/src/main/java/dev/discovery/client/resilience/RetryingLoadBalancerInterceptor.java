package dev.discovery.client.resilience;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.BlockingLoadBalancerInterceptor;
import org.springframework.cloud.client.loadbalancer.DefaultRequest;
import org.springframework.cloud.client.loadbalancer.LoadBalancerClient;
import org.springframework.cloud.client.loadbalancer.LoadBalancerRequestFactory;
import org.springframework.cloud.client.loadbalancer.RequestData;
import org.springframework.cloud.client.loadbalancer.reactive.ReactiveLoadBalancer;
import org.springframework.http.HttpRequest;
import org.springframework.http.client.ClientHttpRequestExecution;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.util.Assert;

/**
 * The load-balancing interceptor of {@code @LoadBalanced} {@code RestTemplate}s and {@code RestClient}s, with
 * retries on other instances: each attempt asks Spring Cloud LoadBalancer for an instance this call has not tried
 * (see {@link TriedInstances}) and runs through {@link LoadBalancerClient#execute}, so LoadBalancer's lifecycle
 * callbacks, request transformers and statistics see every attempt.
 */
public class RetryingLoadBalancerInterceptor implements BlockingLoadBalancerInterceptor {

	private final LoadBalancerClient loadBalancer;

	private final LoadBalancerRequestFactory requests;

	private final ReactiveLoadBalancer.Factory<ServiceInstance> factory;

	private final RetryPolicy policy;

	private final RetryListener listener;

	/**
	 * Creates the interceptor.
	 * @param loadBalancer chooses instances and runs the attempts
	 * @param requests builds LoadBalancer's requests (with the user's transformers)
	 * @param factory gives each service's LoadBalancer properties (hints)
	 * @param policy when to retry
	 * @param listener hears of retries
	 */
	public RetryingLoadBalancerInterceptor(LoadBalancerClient loadBalancer, LoadBalancerRequestFactory requests,
			ReactiveLoadBalancer.Factory<ServiceInstance> factory, RetryPolicy policy, RetryListener listener) {
		this.loadBalancer = loadBalancer;
		this.requests = requests;
		this.factory = factory;
		this.policy = policy;
		this.listener = listener;
	}

	@Override
	public ClientHttpResponse intercept(HttpRequest request, byte[] body, ClientHttpRequestExecution execution)
			throws IOException {
		URI uri = request.getURI();
		String service = uri.getHost();
		Assert.state(service != null, () -> "Request URI does not contain a valid hostname: " + uri);
		TriedInstances tried = new TriedInstances(new RequestData(request), Hints.of(this.factory, service));
		DefaultRequest<TriedInstances> lbRequest = new DefaultRequest<>(tried);
		RetryPolicy policy = Hints.retries(this.factory, service) ? this.policy : RetryPolicy.NONE;
		ServiceInstance instance = this.loadBalancer.choose(service, lbRequest);
		if (instance == null) {
			throw new IllegalStateException("No instances available for " + service);
		}
		for (int attempt = 1;; attempt++) {
			tried.add(instance);
			ClientHttpResponse response;
			try {
				response = this.loadBalancer.execute(service, instance,
						this.requests.createRequest(request, body, execution));
			}
			catch (IOException | RuntimeException ex) {
				CallFailure failure = CallFailure.of(ex);
				Duration delay = (failure != null) ? policy.delay(attempt, request.getMethod(), failure, null)
						: null;
				ServiceInstance next = (delay != null) ? this.loadBalancer.choose(service, lbRequest) : null;
				if (next == null) {
					throw ex;
				}
				instance = retry(service, failure, delay, next);
				continue;
			}
			CallFailure failure = CallFailure.of(response.getStatusCode().value());
			Duration delay = (failure != null) ? policy.delay(attempt, request.getMethod(), failure,
					RetryAfter.of(response.getHeaders())) : null;
			ServiceInstance next = (delay != null) ? this.loadBalancer.choose(service, lbRequest) : null;
			if (next == null) {
				return response;
			}
			response.close();
			instance = retry(service, failure, delay, next);
		}
	}

	private ServiceInstance retry(String service, @Nullable CallFailure failure, Duration delay, ServiceInstance next)
			throws InterruptedIOException {
		if (failure != null) {
			this.listener.retried(service, failure);
		}
		try {
			Thread.sleep(delay.toMillis(), (int) (delay.toNanos() % 1_000_000));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new InterruptedIOException("Interrupted before retrying a call to " + service);
		}
		return next;
	}

}
