package dev.discovery.server.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;

/**
 * A real etcd cluster of several members on loopback, each an {@code etcd} process with its data under a directory
 * of its own. Members can be killed with SIGKILL and started again on the same ports and data, as a crashed etcd
 * host would be restarted.
 */
public final class EtcdCluster implements AutoCloseable {

	private static final Pattern MEMBER_ID = Pattern.compile("\"member_id\"\\s*:\\s*\"(\\d+)\"");

	private static final Pattern LEADER = Pattern.compile("\"leader\"\\s*:\\s*\"(\\d+)\"");

	private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

	private final Path etcd;

	private final Path root;

	private final List<Member> members;

	private final @Nullable TestCertificates tls;

	private final HttpClient http;

	private EtcdCluster(Path etcd, Path root, List<Member> members, @Nullable TestCertificates tls) {
		this.etcd = etcd;
		this.root = root;
		this.members = members;
		this.tls = tls;
		HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1));
		if (tls != null) {
			builder.sslContext(tls.clientContext());
		}
		this.http = builder.build();
	}

	/**
	 * Starts a cluster and waits until it has a leader and every member answers.
	 * @param etcd the {@code etcd} executable
	 * @param root the directory for the members' data and logs; emptied first
	 * @param size how many members
	 * @return the running cluster
	 */
	public static EtcdCluster start(Path etcd, Path root, int size) {
		return start(etcd, root, size, null);
	}

	/**
	 * Starts a cluster whose client URLs take TLS only, from clients with a certificate of the given authority.
	 * @param etcd the {@code etcd} executable
	 * @param root the directory for the members' data and logs; emptied first
	 * @param size how many members
	 * @param tls the certificates, or {@code null} for plain HTTP
	 * @return the running cluster
	 */
	public static EtcdCluster start(Path etcd, Path root, int size, @Nullable TestCertificates tls) {
		try {
			deleteRecursively(root);
			Files.createDirectories(root);
			List<Member> members = new ArrayList<>();
			for (int i = 0; i < size; i++) {
				members.add(new Member("etcd-" + i, (tls != null) ? "https" : "http", freePort(), freePort(),
						root.resolve("etcd-" + i)));
			}
			EtcdCluster cluster = new EtcdCluster(etcd, root, members, tls);
			String token = "discovery-test-" + UUID.randomUUID();
			try {
				for (Member member : members) {
					cluster.launch(member, token);
				}
				for (Member member : members) {
					cluster.awaitReady(member);
				}
				cluster.awaitLeader();
				return cluster;
			}
			catch (IOException | RuntimeException ex) {
				// Nothing may outlive a cluster that did not start.
				members.forEach(cluster::kill);
				throw ex;
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** The client URLs of every member, comma-separated, as {@code discovery.server.etcd.endpoints} takes them. */
	public String endpoints() {
		return this.members.stream().map(Member::clientUrl).collect(Collectors.joining(","));
	}

	/** The members, in the order they were started. */
	public List<Member> members() {
		return List.copyOf(this.members);
	}

	/**
	 * The member that leads now, waiting for an election to end if one is under way.
	 * @return the leader
	 */
	public Member leader() {
		long end = System.nanoTime() + START_TIMEOUT.toNanos();
		while (System.nanoTime() < end) {
			for (Member member : this.members) {
				String status = member.alive() ? status(member) : null;
				if (status != null) {
					Matcher id = MEMBER_ID.matcher(status);
					Matcher leader = LEADER.matcher(status);
					if (id.find() && leader.find() && id.group(1).equals(leader.group(1))) {
						return member;
					}
				}
			}
			pause();
		}
		throw new IllegalStateException("The etcd cluster has no leader after " + START_TIMEOUT);
	}

	/**
	 * Kills a member with SIGKILL, as a crash would: no goodbye to its peers, nothing flushed beyond what etcd
	 * itself has synced.
	 * @param member the member
	 */
	public void kill(Member member) {
		Process process = member.process;
		if (process != null) {
			process.destroyForcibly();
			try {
				process.waitFor(10, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			member.process = null;
		}
	}

	/**
	 * Starts a killed member again on its ports and data, and waits until it answers.
	 * @param member the member
	 */
	public void restart(Member member) {
		if (member.alive()) {
			throw new IllegalStateException(member.name() + " is still running");
		}
		try {
			launch(member, "ignored-on-restart");
			awaitReady(member);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Waits until every running member answers and the cluster has a leader. */
	public void awaitHealthy() {
		for (Member member : this.members) {
			if (member.alive()) {
				awaitReady(member);
			}
		}
		awaitLeader();
	}

	private void launch(Member member, String token) throws IOException {
		String initialCluster = this.members.stream()
			.map((m) -> m.name() + "=" + m.peerUrl())
			.collect(Collectors.joining(","));
		List<String> command = new ArrayList<>(List.of(this.etcd.toString(), "--name", member.name(), "--data-dir",
				member.directory().resolve("data").toString(), "--listen-client-urls", member.clientUrl(),
				"--advertise-client-urls", member.clientUrl(), "--listen-peer-urls", member.peerUrl(),
				"--initial-advertise-peer-urls", member.peerUrl(), "--initial-cluster", initialCluster,
				"--initial-cluster-token", token, "--initial-cluster-state", "new", "--logger", "zap",
				"--log-level", "warn"));
		if (this.tls != null) {
			command.addAll(List.of("--cert-file", this.tls.serverCertificate().toString(), "--key-file",
					this.tls.serverKey().toString(), "--trusted-ca-file", this.tls.ca().toString(), "--client-cert-auth"));
		}
		Files.createDirectories(member.directory());
		member.process = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(member.directory().resolve("etcd.log").toFile()))
			.start();
	}

	private void awaitReady(Member member) {
		long end = System.nanoTime() + START_TIMEOUT.toNanos();
		while (System.nanoTime() < end) {
			Process process = member.process;
			if (process == null || !process.isAlive()) {
				throw new IllegalStateException(member.name() + " exited; see " + member.directory().resolve("etcd.log"));
			}
			if (status(member) != null) {
				return;
			}
			pause();
		}
		throw new IllegalStateException(member.name() + " did not answer within " + START_TIMEOUT);
	}

	private void awaitLeader() {
		leader();
	}

	/** The member's own status through etcd's JSON gateway, or {@code null} if it does not answer. */
	private @Nullable String status(Member member) {
		HttpRequest request = HttpRequest.newBuilder(URI.create(member.clientUrl() + "/v3/maintenance/status"))
			.timeout(Duration.ofSeconds(2))
			.POST(HttpRequest.BodyPublishers.ofString("{}"))
			.build();
		try {
			HttpResponse<String> response = this.http.send(request, HttpResponse.BodyHandlers.ofString());
			return (response.statusCode() == 200) ? response.body() : null;
		}
		catch (IOException ex) {
			return null;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** Kills every member and removes the data. */
	@Override
	public void close() {
		this.members.forEach(this::kill);
		try {
			deleteRecursively(this.root);
		}
		catch (IOException ex) {
			// Left for the next run, which empties the directory first.
		}
	}

	private static void pause() {
		try {
			Thread.sleep(50);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	private static void deleteRecursively(Path directory) throws IOException {
		if (!Files.exists(directory)) {
			return;
		}
		try (Stream<Path> paths = Files.walk(directory)) {
			for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
				Files.deleteIfExists(path);
			}
		}
	}

	/**
	 * One etcd member.
	 */
	public static final class Member {

		private final String name;

		private final String scheme;

		private final int clientPort;

		private final int peerPort;

		private final Path directory;

		private volatile @Nullable Process process;

		Member(String name, String scheme, int clientPort, int peerPort, Path directory) {
			this.name = name;
			this.scheme = scheme;
			this.clientPort = clientPort;
			this.peerPort = peerPort;
			this.directory = directory;
		}

		public String name() {
			return this.name;
		}

		public String clientUrl() {
			return this.scheme + "://127.0.0.1:" + this.clientPort;
		}

		String peerUrl() {
			return "http://127.0.0.1:" + this.peerPort;
		}

		Path directory() {
			return this.directory;
		}

		public boolean alive() {
			Process running = this.process;
			return running != null && running.isAlive();
		}

		/** The member's process id (for its CPU time), or -1 when it is not running. */
		public long pid() {
			Process running = this.process;
			return (running != null && running.isAlive()) ? running.pid() : -1;
		}

		@Override
		public String toString() {
			return this.name + " (" + clientUrl() + ")";
		}

	}

}
