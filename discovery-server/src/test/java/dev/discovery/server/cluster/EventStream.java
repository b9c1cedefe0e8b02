package dev.discovery.server.cluster;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A watch stream ({@code GET /api/v1/watch}) read on a thread of its own, its events recorded as
 * {@code "<event> <id> <data>"} lines, so a test can compare what several replicas sent.
 */
public final class EventStream implements AutoCloseable {

	private final List<String> events = new CopyOnWriteArrayList<>();

	private final Thread reader;

	private volatile InputStream body;

	private EventStream(String url, String lastEventId) {
		this.reader = new Thread(() -> read(url, lastEventId), "event-stream " + url);
		this.reader.setDaemon(true);
		this.reader.start();
	}

	/**
	 * Opens a watch stream.
	 * @param url the watch URL, such as {@code http://127.0.0.1:8761/api/v1/watch?services=a}
	 * @return the stream, recording from now on
	 */
	public static EventStream open(String url) {
		return new EventStream(url, null);
	}

	/**
	 * Opens a watch stream that resumes after an event another stream (of any replica) delivered.
	 * @param url the watch URL
	 * @param lastEventId the id of the last event the client has
	 * @return the stream, recording from now on
	 */
	public static EventStream resume(String url, String lastEventId) {
		return new EventStream(url, lastEventId);
	}

	/** The events received so far, as {@code "<event> <id> <data>"}. */
	public List<String> events() {
		return List.copyOf(this.events);
	}

	/**
	 * The events of one kind received so far.
	 * @param kind such as {@code snapshot} or {@code change}
	 * @return the events, as {@code "<event> <id> <data>"}
	 */
	public List<String> events(String kind) {
		return this.events.stream().filter((event) -> event.startsWith(kind + " ")).toList();
	}

	private void read(String url, String lastEventId) {
		HttpClient client = HttpClient.newHttpClient();
		try {
			HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url));
			if (lastEventId != null) {
				request.header("Last-Event-ID", lastEventId);
			}
			HttpResponse<InputStream> response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
			this.body = response.body();
			BufferedReader lines = new BufferedReader(new InputStreamReader(this.body, StandardCharsets.UTF_8));
			String event = "message";
			String id = "";
			StringBuilder data = new StringBuilder();
			for (String line = lines.readLine(); line != null; line = lines.readLine()) {
				if (line.isEmpty()) {
					if (!data.isEmpty()) {
						this.events.add(event + " " + id + " " + data);
					}
					event = "message";
					data.setLength(0);
				}
				else if (line.startsWith("event:")) {
					event = line.substring(6).strip();
				}
				else if (line.startsWith("id:")) {
					id = line.substring(3).strip();
				}
				else if (line.startsWith("data:")) {
					data.append(line.substring(5).strip());
				}
			}
		}
		catch (Exception ex) {
			// The stream ended: the replica stopped, or the test closed it.
		}
	}

	@Override
	public void close() {
		try {
			InputStream open = this.body;
			if (open != null) {
				open.close();
			}
		}
		catch (Exception ex) {
			// Closed already.
		}
		this.reader.interrupt();
	}

}
