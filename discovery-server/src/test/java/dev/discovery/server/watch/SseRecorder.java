package dev.discovery.server.watch;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Records a watch stream's events as they arrive, on the HTTP client's own threads, so many can be open at once.
 */
final class SseRecorder implements Flow.Subscriber<List<ByteBuffer>> {

	final List<Event> events = new CopyOnWriteArrayList<>();

	final AtomicInteger heartbeats = new AtomicInteger();

	final AtomicBoolean ended = new AtomicBoolean();

	private final CompletableFuture<HttpResponse<Flow.Publisher<List<ByteBuffer>>>> response;

	private final ByteArrayOutputStream line = new ByteArrayOutputStream();

	private Flow.Subscription subscription;

	private String event = "message";

	private String id;

	private final StringBuilder data = new StringBuilder();

	private SseRecorder(HttpClient client, URI uri, Map<String, String> headers) {
		this(client, request(uri, headers));
	}

	private SseRecorder(HttpClient client, HttpRequest request) {
		this.response = client.sendAsync(request, BodyHandlers.ofPublisher()).thenApply((response) -> {
			response.body().subscribe(this);
			return response;
		});
	}

	private static HttpRequest request(URI uri, Map<String, String> headers) {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri);
		headers.forEach(request::header);
		return request.build();
	}

	static SseRecorder open(HttpClient client, HttpRequest request) {
		return new SseRecorder(client, request);
	}

	static SseRecorder open(HttpClient client, String uri) {
		return new SseRecorder(client, URI.create(uri), Map.of());
	}

	static SseRecorder open(HttpClient client, String uri, Map<String, String> headers) {
		return new SseRecorder(client, URI.create(uri), headers);
	}

	/** Completes when the response headers have arrived. */
	CompletableFuture<HttpResponse<Flow.Publisher<List<ByteBuffer>>>> response() {
		return this.response;
	}

	List<String> names() {
		return this.events.stream().map(Event::name).toList();
	}

	List<Long> ids() {
		return this.events.stream().map((e) -> Long.parseLong(e.id())).toList();
	}

	void cancel() {
		if (this.subscription != null) {
			this.subscription.cancel();
		}
		this.response.cancel(true);
	}

	@Override
	public void onSubscribe(Flow.Subscription subscription) {
		this.subscription = subscription;
		subscription.request(Long.MAX_VALUE);
	}

	@Override
	public void onNext(List<ByteBuffer> buffers) {
		for (ByteBuffer buffer : buffers) {
			while (buffer.hasRemaining()) {
				byte b = buffer.get();
				if (b == '\n') {
					onLine(this.line.toString(StandardCharsets.UTF_8));
					this.line.reset();
				}
				else {
					this.line.write(b);
				}
			}
		}
	}

	private void onLine(String line) {
		if (line.isEmpty()) {
			if (this.data.length() > 0) {
				this.events.add(new Event(this.event, this.id, this.data.toString(), System.nanoTime()));
			}
			this.event = "message";
			this.data.setLength(0);
		}
		else if (line.startsWith(":")) {
			this.heartbeats.incrementAndGet();
		}
		else if (line.startsWith("event: ")) {
			this.event = line.substring(7);
		}
		else if (line.startsWith("id: ")) {
			this.id = line.substring(4);
		}
		else if (line.startsWith("data: ")) {
			this.data.append(line.substring(6));
		}
	}

	@Override
	public void onError(Throwable throwable) {
		this.ended.set(true);
	}

	@Override
	public void onComplete() {
		this.ended.set(true);
	}

	record Event(String name, String id, String data, long arrivedNanos) {
	}

}
