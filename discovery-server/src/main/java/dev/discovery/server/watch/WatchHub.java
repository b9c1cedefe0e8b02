package dev.discovery.server.watch;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

import dev.discovery.protocol.Headers;
import dev.discovery.protocol.InstanceView;
import dev.discovery.server.registry.RegisteredInstance;
import dev.discovery.server.registry.Registry;
import dev.discovery.server.registry.ServiceNotFoundException;

/**
 * Opens watch streams and keeps the set of open ones. A new stream starts with a snapshot, or with nothing when the
 * watcher resumes from an index the change log still covers; the dispatcher then replays what it missed and feeds
 * it live.
 */
final class WatchHub {

	private final Registry registry;

	private final ChangeLog log;

	private final EventFrames frames;

	private final WatchMeters meters;

	private final Clock clock;

	private final WakeUp wakeUp;

	private final int maxPendingEvents;

	private final long maxQueuedBytesPerStream;

	private final QueuedBytes queued;

	private final SnapshotCache snapshots = new SnapshotCache();

	private final Set<WatchConnection> open = ConcurrentHashMap.newKeySet();

	private final Map<WatchConnection, String> addresses = new ConcurrentHashMap<>();

	private final WatcherQuota quota;

	private final Queue<WatchConnection> arriving = new ConcurrentLinkedQueue<>();

	private volatile boolean accepting = true;

	private volatile @Nullable Deliveries deliveries;

	private volatile @Nullable WatchSubscribers subscribers;

	/** The acknowledging streams' ids, to tell the subscribers when each ends. */
	private final Map<WatchConnection, String> subscriberIds = new ConcurrentHashMap<>();

	WatchHub(Registry registry, ChangeLog log, EventFrames frames, WatchMeters meters, Clock clock, WakeUp wakeUp,
			WatchProperties properties, WatcherQuota quota) {
		this.quota = quota;
		this.registry = registry;
		this.log = log;
		this.frames = frames;
		this.meters = meters;
		this.clock = clock;
		this.wakeUp = wakeUp;
		this.maxPendingEvents = properties.getMaxPendingEvents();
		this.maxQueuedBytesPerStream = properties.getMaxQueuedBytesPerStream().toBytes();
		this.queued = new QueuedBytes(properties.getMaxQueuedBytes().toBytes());
		meters.watchersGauge(this.open::size);
		meters.queuedBytesGauge(this.queued::total);
	}

	/**
	 * Starts a watch stream on the request and hands it to the dispatcher. Returns at once: no thread is held.
	 * @param request what the watcher asked for
	 * @param httpRequest the servlet request
	 * @param response the servlet response
	 * @throws IOException if the response cannot be opened
	 */
	void open(WatchRequest request, HttpServletRequest httpRequest, HttpServletResponse response) throws IOException {
		if (!this.accepting) {
			throw refused(HttpStatus.SERVICE_UNAVAILABLE,
					"The registry is shutting down; watch another registry or retry");
		}
		String address = httpRequest.getRemoteAddr();
		if (!this.quota.acquire(address)) {
			throw refused(HttpStatus.TOO_MANY_REQUESTS, "This address already holds " + this.quota.perAddress()
					+ " watch streams, the most the registry allows");
		}
		try {
			start(request, httpRequest, response, address);
		}
		catch (IOException | RuntimeException ex) {
			this.quota.release(address);
			throw ex;
		}
	}

	/** A refusal the client may try again, like every other 429 and 503 of the registry: a second later. */
	private static ErrorResponseException refused(HttpStatus status, String detail) {
		ErrorResponseException refused = new ErrorResponseException(status,
				ProblemDetail.forStatusAndDetail(status, detail), null);
		refused.getHeaders().set(HttpHeaders.RETRY_AFTER, "1");
		return refused;
	}

	private void start(WatchRequest request, HttpServletRequest httpRequest, HttpServletResponse response,
			String address) throws IOException {
		Long resume = request.resumeFrom();
		String epoch = request.epoch();
		// An index is comparable only within its epoch: one from another registry or process gets a snapshot.
		boolean sameEpoch = epoch == null || this.frames.epoch().matches(epoch);
		boolean resumes = resume != null && sameEpoch && resume <= this.registry.index() && this.log.covers(resume);
		long start;
		Frame first = null;
		if (resumes) {
			start = resume;
		}
		else {
			SnapshotCache.Snapshot snapshot = this.snapshots.get(request, this.registry.index(),
					(index) -> Frame.of(this.frames.snapshot(index, snapshot(request))));
			start = snapshot.index();
			first = snapshot.frame();
		}
		response.setStatus(HttpStatus.OK.value());
		response.setContentType(MediaType.TEXT_EVENT_STREAM_VALUE);
		response.setCharacterEncoding(StandardCharsets.UTF_8.name());
		response.setHeader(HttpHeaders.CACHE_CONTROL, "no-cache");
		response.setHeader("X-Accel-Buffering", "no");
		response.setHeader(Headers.INDEX, Long.toString(start));
		AsyncContext context = httpRequest.startAsync(httpRequest, response);
		context.setTimeout(0);
		ServletOutputStream out = response.getOutputStream();
		WatchConnection connection = new WatchConnection(context, out, request, start, this, this.clock.instant());
		connection.start(first);
		context.addListener(connection);
		this.addresses.put(connection, address);
		// The response is not committed before the dispatcher's first write, so the header still goes out.
		WatchSubscribers listening = this.subscribers;
		if (listening != null) {
			String watcher = httpRequest.getHeader(Headers.WATCHER);
			String subscriberId = listening.opened(request.services(), start, watcher, address);
			this.subscriberIds.put(connection, subscriberId);
			if (watcher != null) {
				response.setHeader(Headers.WATCH_ID, subscriberId);
			}
		}
		this.open.add(connection);
		// Non-blocking from here on; only then may the dispatcher write to it.
		out.setWriteListener(connection);
		this.arriving.add(connection);
		this.wakeUp.signal();
	}

	private Map<String, List<InstanceView>> snapshot(WatchRequest request) {
		Map<String, List<InstanceView>> services = new TreeMap<>();
		if (request.services().isEmpty()) {
			for (RegisteredInstance instance : this.registry.allInstances()) {
				if (!request.passingOnly() || instance.passing()) {
					services.computeIfAbsent(instance.service(), (name) -> new ArrayList<>()).add(instance.toView());
				}
			}
			services.values().forEach((views) -> views.sort(Comparator.comparing(InstanceView::instanceId)));
			return services;
		}
		for (String service : request.services()) {
			try {
				services.put(service, this.registry.instances(service, request.passingOnly())
					.stream()
					.map(RegisteredInstance::toView)
					.toList());
			}
			catch (ServiceNotFoundException ex) {
				services.put(service, List.of());
			}
		}
		return services;
	}

	/** Takes the next stream opened since the dispatcher last looked, or {@code null}. */
	@Nullable WatchConnection arrived() {
		return this.arriving.poll();
	}

	/** Refuses new streams and ends the open ones, so the server's graceful shutdown does not wait for them. */
	void closeAll() {
		this.accepting = false;
		List.copyOf(this.open).forEach(WatchConnection::close);
	}

	int openCount() {
		return this.open.size();
	}

	int maxPendingEvents() {
		return this.maxPendingEvents;
	}

	long maxQueuedBytesPerStream() {
		return this.maxQueuedBytesPerStream;
	}

	QueuedBytes queued() {
		return this.queued;
	}

	/** A stalled stream was closed: over its own bound ({@code stream}), or to bring the total under its bound. */
	void stalledClosed(String bound) {
		this.meters.stalledClosed(bound);
	}

	EventFrames frames() {
		return this.frames;
	}

	Instant now() {
		return this.clock.instant();
	}

	void closed(WatchConnection connection) {
		this.open.remove(connection);
		String address = this.addresses.remove(connection);
		if (address != null) {
			this.quota.release(address);
		}
		String subscriberId = this.subscriberIds.remove(connection);
		WatchSubscribers listening = this.subscribers;
		if (subscriberId != null && listening != null) {
			listening.closed(subscriberId);
		}
	}

	/** A stream has handed everything to its socket: delivery waiters may be answerable. */
	void caughtUp() {
		Deliveries waiting = this.deliveries;
		if (waiting != null && waiting.waiting()) {
			this.wakeUp.signal();
		}
	}

	void subscribers(WatchSubscribers subscribers) {
		this.subscribers = subscribers;
	}

	void deliveries(Deliveries deliveries) {
		this.deliveries = deliveries;
	}

	void resynced() {
		this.meters.resynced();
	}

	void sent(Frame frame) {
		if (frame != WatchConnection.HEARTBEAT && frame != WatchConnection.RETRY) {
			this.meters.sent();
		}
	}

}
