package dev.discovery.server.servlet;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;

class GuardedRequestTests {

	@Test
	void everyReadShouldPassTheHooks() throws IOException {
		Recording request = new Recording(body("abc"));
		ServletInputStream in = request.getInputStream();
		assertThat(in).isSameAs(request.getInputStream());
		assertThat(in.read()).isEqualTo('a');
		assertThat(in.read(new byte[8], 0, 8)).isEqualTo(2);
		assertThat(in.read()).isEqualTo(-1);
		assertThat(request.events).containsExactly("before", "after 1", "before", "after 2", "before");
	}

	@Test
	void aFailedReadShouldThrowWhatTheHookGives() throws IOException {
		MockHttpServletRequest failing = new MockHttpServletRequest() {
			@Override
			public ServletInputStream getInputStream() {
				return new org.springframework.mock.web.DelegatingServletInputStream(new java.io.InputStream() {
					@Override
					public int read() throws IOException {
						throw new IOException("reset");
					}
				});
			}
		};
		Recording request = new Recording(failing);
		assertThatIOException().isThrownBy(() -> request.getInputStream().read()).withMessage("seen: reset");
		assertThat(request.events).containsExactly("before");
	}

	@Test
	void aRefusingHookShouldStopTheReadBeforeItStarts() {
		Recording request = new Recording(body("abc"));
		request.refuse = true;
		assertThatIOException().isThrownBy(() -> request.getInputStream().read()).withMessage("refused");
		assertThat(request.events).isEmpty();
	}

	private static MockHttpServletRequest body(String text) {
		MockHttpServletRequest request = new MockHttpServletRequest();
		request.setContent(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
		return request;
	}

	private static final class Recording extends GuardedRequest {

		final List<String> events = new ArrayList<>();

		boolean refuse;

		Recording(HttpServletRequest request) {
			super(request);
		}

		@Override
		protected void beforeRead(ServletInputStream in) throws IOException {
			if (this.refuse) {
				throw new IOException("refused");
			}
			this.events.add("before");
		}

		@Override
		protected void afterRead(int count) {
			this.events.add("after " + count);
		}

		@Override
		protected IOException readFailed(IOException ex) {
			return new IOException("seen: " + ex.getMessage(), ex);
		}

	}

}
