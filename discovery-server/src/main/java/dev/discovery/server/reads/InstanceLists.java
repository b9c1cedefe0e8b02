package dev.discovery.server.reads;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponseException;

import dev.discovery.protocol.Headers;
import dev.discovery.server.epoch.RegistryEpoch;
import dev.discovery.server.registry.RegisteredInstance;
import dev.discovery.server.registry.RegistryReads;
import dev.discovery.server.registry.Rendering;
import dev.discovery.server.registry.ServiceNotFoundException;

/**
 * The answers to {@code GET /api/v1/services/{service}/instances}: per service, the passing and the full list, each
 * in the compact and the full view, encoded once per change and kept with the service. Writes them with the same
 * headers wherever they are asked for: the fast path, Spring MVC, a blocking query.
 */
public final class InstanceLists {

	/** The answer for a service with no instances. */
	static final EncodedList EMPTY = new EncodedList("[]".getBytes(StandardCharsets.UTF_8), null);

	/** Smaller answers are sent as they are: gzip would save less than its own framing costs. */
	private static final int GZIP_MIN_BYTES = 512;

	private final RegistryReads registry;

	private final Kind[] kinds;

	/**
	 * The answers of a registry, the compact view leaving out the fields that hold their documented default.
	 * @param registry the registry
	 * @param epoch its epoch, part of every entity tag
	 */
	public InstanceLists(RegistryReads registry, RegistryEpoch epoch) {
		this(registry, epoch, true);
	}

	/**
	 * The answers of a registry.
	 * @param registry the registry
	 * @param epoch its epoch, part of every entity tag
	 * @param omitDefaults whether the compact view leaves out the fields that hold their documented default (the
	 * service, {@code secure} {@code false}, {@code weight} {@code 1}, {@code status} {@code UP}, {@code health}
	 * {@code PASSING}); the two forms mean the same, so they share their entity tags
	 */
	public InstanceLists(RegistryReads registry, RegistryEpoch epoch, boolean omitDefaults) {
		this.registry = registry;
		// An epoch is printable ASCII without spaces or commas; a quote or backslash would end or escape the tag.
		String tagPrefix = "W/\"" + epoch.id().replace('"', '_').replace('\\', '_') + "-";
		this.kinds = new Kind[] { new Kind(tagPrefix, false, false, omitDefaults),
				new Kind(tagPrefix, true, false, omitDefaults), new Kind(tagPrefix, false, true, omitDefaults),
				new Kind(tagPrefix, true, true, omitDefaults) };
	}

	/**
	 * Reads the {@code view} query parameter.
	 * @param view the parameter, or {@code null} when absent
	 * @return whether the full view was asked for
	 * @throws ErrorResponseException ({@code 400}) for anything but {@code compact} or {@code full}
	 */
	public static boolean full(@Nullable String view) {
		if (view == null || view.equals("compact")) {
			return false;
		}
		if (view.equals("full")) {
			return true;
		}
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, "Query parameter 'view' is '"
				+ view.replaceAll("\\p{Cntrl}", "?") + "': use 'compact' (the default) or 'full'");
		problem.setTitle("Invalid query parameter");
		throw new ErrorResponseException(HttpStatus.BAD_REQUEST, problem, null);
	}

	/**
	 * A service's answer as the registry holds it now.
	 * @param service the validated service name
	 * @param passingOnly whether to list only the instances that should get traffic
	 * @param full the full view rather than the compact one
	 * @return the answer; an empty list for a service with no instances
	 */
	public EncodedList answer(String service, boolean passingOnly, boolean full) {
		try {
			return this.registry.rendered(service, this.kinds[(passingOnly ? 1 : 0) + (full ? 2 : 0)]);
		}
		catch (ServiceNotFoundException ex) {
			return EMPTY;
		}
	}

	/**
	 * Answers a read: {@code 200} with the JSON (gzip when the client accepts it), or {@code 304} when the client
	 * already holds it ({@code If-None-Match}).
	 * @param request the request
	 * @param response the response
	 * @param service the validated service name
	 * @param passingOnly whether to list only the instances that should get traffic
	 * @param full the full view rather than the compact one
	 * @throws IOException if the client cannot be written to
	 */
	public void write(HttpServletRequest request, HttpServletResponse response, String service, boolean passingOnly,
			boolean full) throws IOException {
		// Read the index first: the answer is then at least as new as the index it is sent with.
		long index = this.registry.index();
		EncodedList answer = answer(service, passingOnly, full);
		byte[] body = body(answer, request.getHeader(HttpHeaders.IF_NONE_MATCH),
				request.getHeader(HttpHeaders.ACCEPT_ENCODING));
		response.setHeader(Headers.INDEX, Long.toString(index));
		response.setHeader(HttpHeaders.VARY, HttpHeaders.ACCEPT_ENCODING);
		// A cache may keep the answer but must ask again each time: with the ETag, that costs a 304.
		response.setHeader(HttpHeaders.CACHE_CONTROL, "no-cache");
		if (answer.etag() != null) {
			response.setHeader(HttpHeaders.ETAG, answer.etag());
		}
		if (body == null) {
			response.setStatus(HttpServletResponse.SC_NOT_MODIFIED);
			return;
		}
		if (body != answer.body()) {
			response.setHeader(HttpHeaders.CONTENT_ENCODING, "gzip");
		}
		response.setStatus(HttpServletResponse.SC_OK);
		response.setContentType(MediaType.APPLICATION_JSON_VALUE);
		response.setContentLength(body.length);
		response.getOutputStream().write(body);
	}

	/**
	 * The same answer as {@link #write}, with the same headers, for a caller that answers later (a blocking query).
	 * @param index the registry index read before the answer
	 * @param answer the answer
	 * @param ifNoneMatch the request's {@code If-None-Match} header, or {@code null}
	 * @param acceptEncoding the request's {@code Accept-Encoding} header, or {@code null}
	 * @return {@code 200} with the JSON, gzip when accepted, or {@code 304} when the client holds the answer
	 */
	public static ResponseEntity<byte[]> entity(long index, EncodedList answer, @Nullable String ifNoneMatch,
			@Nullable String acceptEncoding) {
		byte[] body = body(answer, ifNoneMatch, acceptEncoding);
		ResponseEntity.BodyBuilder entity = ResponseEntity.status((body != null) ? HttpStatus.OK : HttpStatus.NOT_MODIFIED)
			.header(Headers.INDEX, Long.toString(index))
			.header(HttpHeaders.VARY, HttpHeaders.ACCEPT_ENCODING)
			.header(HttpHeaders.CACHE_CONTROL, "no-cache");
		if (answer.etag() != null) {
			entity.eTag(answer.etag());
		}
		if (body == null) {
			return entity.build();
		}
		if (body != answer.body()) {
			entity.header(HttpHeaders.CONTENT_ENCODING, "gzip");
		}
		return entity.contentType(MediaType.APPLICATION_JSON).body(body);
	}

	/**
	 * What to send: {@code null} when the client already holds the answer, its gzip form when the client accepts
	 * that and it is worth it, else the JSON itself.
	 */
	private static byte @Nullable [] body(EncodedList answer, @Nullable String ifNoneMatch,
			@Nullable String acceptEncoding) {
		if (answer.etag() != null && Conditions.matches(ifNoneMatch, answer.etag())) {
			return null;
		}
		byte[] body = answer.body();
		if (body.length >= GZIP_MIN_BYTES && Conditions.acceptsGzip(acceptEncoding)) {
			return answer.gzipped();
		}
		return body;
	}

	/** One kind of answer; kept per service by the registry, keyed by this object. */
	private static final class Kind implements Rendering<EncodedList> {

		private final String tagPrefix;

		private final boolean passingOnly;

		private final boolean full;

		private final boolean omitDefaults;

		Kind(String tagPrefix, boolean passingOnly, boolean full, boolean omitDefaults) {
			this.tagPrefix = tagPrefix;
			this.passingOnly = passingOnly;
			this.full = full;
			this.omitDefaults = omitDefaults;
		}

		@Override
		public boolean passingOnly() {
			return this.passingOnly;
		}

		@Override
		public boolean showsLiveness() {
			return this.full;
		}

		@Override
		public EncodedList render(long serviceIndex, long version, List<RegisteredInstance> instances) {
			byte[] body = InstanceJson.array(instances, this.full, this.omitDefaults).getBytes(StandardCharsets.UTF_8);
			// The compact view changes only with the service's index; the full one also with every heartbeat.
			String etag = this.tagPrefix + serviceIndex + (this.full ? "-" + version : "")
					+ (this.passingOnly ? "-p" : "-a") + (this.full ? "f\"" : "c\"");
			return new EncodedList(body, etag);
		}

	}

}
