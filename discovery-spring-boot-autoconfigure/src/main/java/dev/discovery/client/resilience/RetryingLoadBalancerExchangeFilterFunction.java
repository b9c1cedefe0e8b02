package dev.discovery.client.resilience;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.CompletionContext;
import org.springframework.cloud.client.loadbalancer.DefaultRequest;
import org.springframework.cloud.client.loadbalancer.EmptyResponse;
import org.springframework.cloud.client.loadbalancer.LoadBalancerLifecycle;
import org.springframework.cloud.client.loadbalancer.LoadBalancerLifecycleValidator;
import org.springframework.cloud.client.loadbalancer.LoadBalancerProperties;
import org.springframework.cloud.client.loadbalancer.LoadBalancerUriTools;
import org.springframework.cloud.client.loadbalancer.RequestData;
import org.springframework.cloud.client.loadbalancer.RequestDataContext;
import org.springframework.cloud.client.loadbalancer.Response;
import org.springframework.cloud.client.loadbalancer.ResponseData;
import org.springframework.cloud.client.loadbalancer.reactive.LoadBalancedExchangeFilterFunction;
import org.springframework.cloud.client.loadbalancer.reactive.LoadBalancerClientRequestTransformer;
import org.springframework.cloud.client.loadbalancer.reactive.ReactiveLoadBalancer;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.ExchangeFunction;

/**
 * The load-balancing exchange filter of {@code @LoadBalanced} {@code WebClient}s, with retries on other instances:
 * the reactive twin of {@link RetryingLoadBalancerInterceptor}. Each attempt asks Spring Cloud LoadBalancer for an
 * instance the call has not tried and reports to LoadBalancer's lifecycle callbacks as LoadBalancer's own filter
 * does; the waits between attempts are timers, never a blocked thread.
 */
public class RetryingLoadBalancerExchangeFilterFunction implements LoadBalancedExchangeFilterFunction {

	private final ReactiveLoadBalancer.Factory<ServiceInstance> factory;

	private final List<LoadBalancerClientRequestTransformer> transformers;

	private final RetryPolicy policy;

	private final RetryListener listener;

	/**
	 * Creates the filter.
	 * @param factory the load balancers, per service
	 * @param transformers the user's request transformers
	 * @param policy when to retry
	 * @param listener hears of retries
	 */
	public RetryingLoadBalancerExchangeFilterFunction(ReactiveLoadBalancer.Factory<ServiceInstance> factory,
			List<LoadBalancerClientRequestTransformer> transformers, RetryPolicy policy, RetryListener listener) {
		this.factory = factory;
		this.transformers = List.copyOf(transformers);
		this.policy = policy;
		this.listener = listener;
	}

	@Override
	public Mono<ClientResponse> filter(ClientRequest request, ExchangeFunction next) {
		String service = request.url().getHost();
		if (service == null) {
			return Mono.just(ClientResponse.create(HttpStatus.BAD_REQUEST)
				.body("Request URI does not contain a valid hostname: " + request.url())
				.build());
		}
		@SuppressWarnings("rawtypes")
		Set<LoadBalancerLifecycle> lifecycles = LoadBalancerLifecycleValidator.getSupportedLifecycleProcessors(
				this.factory.getInstances(service, LoadBalancerLifecycle.class), RequestDataContext.class,
				ResponseData.class, ServiceInstance.class);
		RequestData data = new RequestData(request);
		Call call = new Call(request, next, service, data,
				new DefaultRequest<>(new TriedInstances(data, Hints.of(this.factory, service))), lifecycles);
		call.each((lifecycle) -> lifecycle.onStart(call.lbRequest));
		return choose(call).flatMap((chosen) -> {
			if (chosen.getServer() == null) {
				call.each((lifecycle) -> lifecycle
					.onComplete(new CompletionContext<>(CompletionContext.Status.DISCARD, call.lbRequest, chosen)));
				return Mono.just(ClientResponse.create(HttpStatus.SERVICE_UNAVAILABLE)
					.body("LoadBalancer does not contain an instance for the service " + service)
					.build());
			}
			return attempt(call, chosen, 1);
		});
	}

	@SuppressWarnings("unchecked")
	private Mono<ClientResponse> attempt(Call call, Response<ServiceInstance> chosen, int attempt) {
		ServiceInstance instance = chosen.getServer();
		call.lbRequest.getContext().add(instance);
		ClientRequest request = build(call, instance);
		call.each((lifecycle) -> lifecycle.onStartRequest(call.lbRequest, chosen));
		return call.next.exchange(request)
			.doOnError((ex) -> call.each((lifecycle) -> lifecycle.onComplete(
					new CompletionContext<>(CompletionContext.Status.FAILED, ex, call.lbRequest, chosen))))
			.doOnSuccess((response) -> call.each((lifecycle) -> lifecycle
				.onComplete(new CompletionContext<>(CompletionContext.Status.SUCCESS, call.lbRequest, chosen,
						new ResponseData(response, call.data)))))
			.map(Outcome::answered)
			.onErrorResume((ex) -> Mono.just(Outcome.failed(ex)))
			.flatMap((outcome) -> decide(call, outcome, attempt));
	}

	private Mono<ClientResponse> decide(Call call, Outcome outcome, int attempt) {
		CallFailure failure = outcome.failure();
		RetryPolicy policy = Hints.retries(this.factory, call.service) ? this.policy : RetryPolicy.NONE;
		Duration delay = (failure != null) ? policy.delay(attempt, call.request.method(), failure,
				outcome.retryAfter()) : null;
		if (delay == null) {
			return outcome.result();
		}
		return choose(call).flatMap((chosen) -> {
			if (chosen.getServer() == null) {
				return outcome.result();
			}
			this.listener.retried(call.service, failure);
			Mono<Void> released = (outcome.response() != null) ? outcome.response().releaseBody() : Mono.empty();
			return released.then(Mono.delay(delay)).then(Mono.defer(() -> attempt(call, chosen, attempt + 1)));
		});
	}

	private ClientRequest build(Call call, ServiceInstance instance) {
		LoadBalancerProperties.StickySession sticky = this.factory.getProperties(call.service).getStickySession();
		ClientRequest original = call.request;
		ClientRequest request = ClientRequest
			.create(original.method(), LoadBalancerUriTools.reconstructURI(instance, original.url()))
			.headers((headers) -> headers.addAll(original.headers()))
			.cookies((cookies) -> {
				cookies.addAll(original.cookies());
				String name = sticky.getInstanceIdCookieName();
				if (name != null && !name.isEmpty() && sticky.isAddServiceInstanceCookie()) {
					cookies.add(name, instance.getInstanceId());
				}
			})
			.attributes((attributes) -> attributes.putAll(original.attributes()))
			.body(original.body())
			.build();
		for (LoadBalancerClientRequestTransformer transformer : this.transformers) {
			request = transformer.transformRequest(request, instance);
		}
		return request;
	}

	private Mono<Response<ServiceInstance>> choose(Call call) {
		ReactiveLoadBalancer<ServiceInstance> loadBalancer = this.factory.getInstance(call.service);
		if (loadBalancer == null) {
			return Mono.just(new EmptyResponse());
		}
		return Mono.from(loadBalancer.choose(call.lbRequest)).defaultIfEmpty(new EmptyResponse());
	}

	/** One call, over its attempts. */
	@SuppressWarnings("rawtypes")
	private record Call(ClientRequest request, ExchangeFunction next, String service, RequestData data,
			DefaultRequest<TriedInstances> lbRequest, Set<LoadBalancerLifecycle> lifecycles) {

		void each(java.util.function.Consumer<LoadBalancerLifecycle> action) {
			this.lifecycles.forEach(action);
		}

	}

	/** How one attempt ended: an answer or an error. */
	private record Outcome(@Nullable ClientResponse response, @Nullable Throwable error) {

		static Outcome answered(ClientResponse response) {
			return new Outcome(response, null);
		}

		static Outcome failed(Throwable error) {
			return new Outcome(null, error);
		}

		@Nullable CallFailure failure() {
			return (this.response != null) ? CallFailure.of(this.response.statusCode().value())
					: CallFailure.of(this.error);
		}

		@Nullable Duration retryAfter() {
			return (this.response != null) ? RetryAfter.of(this.response.headers().asHttpHeaders()) : null;
		}

		Mono<ClientResponse> result() {
			return (this.response != null) ? Mono.just(this.response) : Mono.error(this.error);
		}

	}

}
