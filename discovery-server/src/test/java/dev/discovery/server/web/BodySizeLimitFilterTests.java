package dev.discovery.server.web;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.servlet.ServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.servlet.ModelAndView;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class BodySizeLimitFilterTests {

	private final BodySizeLimitFilter filter = new BodySizeLimitFilter(10, (request, response, handler, ex) -> {
		response.setStatus(413);
		return new ModelAndView();
	});

	@Test
	void aDeclaredLengthOverTheLimitShouldBeRefusedUnread() throws Exception {
		MockHttpServletResponse response = new MockHttpServletResponse();
		this.filter.doFilter(request(new byte[11], true), response, (req, res) -> {
			throw new AssertionError("Passed on");
		});
		assertThat(response.getStatus()).isEqualTo(413);
	}

	@Test
	void aChunkedBodyShouldBeRefusedOnceItsReadingPassesTheLimit() {
		AtomicInteger read = new AtomicInteger();
		assertThatExceptionOfType(BodyTooLargeException.class)
			.isThrownBy(() -> this.filter.doFilter(request(new byte[11], false), new MockHttpServletResponse(),
					(req, res) -> {
						byte[] buffer = new byte[4];
						while (req.getInputStream().read(buffer, 0, buffer.length) > 0) {
							read.incrementAndGet();
						}
					}));
		assertThat(read).hasValue(2);
	}

	@Test
	void aChunkedBodyWithinTheLimitShouldBeReadWhole() throws Exception {
		AtomicInteger length = new AtomicInteger();
		this.filter.doFilter(request(new byte[10], false), new MockHttpServletResponse(),
				(req, res) -> length.set(req.getInputStream().readAllBytes().length));
		assertThat(length).hasValue(10);
	}

	@Test
	void aRequestWithoutABodyShouldGoOnUnwrapped() throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/v1/services/pay/instances");
		AtomicReference<ServletRequest> passed = new AtomicReference<>();
		this.filter.doFilter(request, new MockHttpServletResponse(), (req, res) -> passed.set(req));
		assertThat(passed).hasValue(request);
	}

	@Test
	void anHttp2RequestWithoutADeclaredLengthShouldBeCounted() {
		MockHttpServletRequest request = new MockHttpServletRequest("PUT", "/api/v1/services/pay/instances/pay-1");
		request.setProtocol("HTTP/2.0");
		request.setContent(new byte[11]);
		HttpServletRequestWrapper undeclared = new HttpServletRequestWrapper(request) {
			@Override
			public long getContentLengthLong() {
				return -1;
			}
		};
		assertThatExceptionOfType(BodyTooLargeException.class)
			.isThrownBy(() -> this.filter.doFilter(undeclared, new MockHttpServletResponse(),
					(req, res) -> req.getInputStream().readAllBytes()));
	}

	private static jakarta.servlet.http.HttpServletRequest request(byte[] body, boolean declared) {
		MockHttpServletRequest request = new MockHttpServletRequest("PUT", "/api/v1/services/pay/instances/pay-1");
		request.setContent(body);
		if (!declared) {
			request.addHeader("Transfer-Encoding", "chunked");
		}
		return declared ? request : new HttpServletRequestWrapper(request) {
			@Override
			public long getContentLengthLong() {
				return -1;
			}
		};
	}

}
