package dev.conclave.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conclave.local.LocalPlatform;
import dev.conclave.local.Service;
import dev.conclave.testing.ApiClient;
import dev.conclave.testing.ConferencePages;
import dev.conclave.testing.HeadlessChromium;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * An {@code AUTO} room in SFU that shrinks goes back to a mesh in the browsers, nobody leaving. On
 * {@link MediaTierPlatform}: a media tier whose Kurento never answers, so the moves are signaling's decisions and the
 * pages' own work, and the video that plays at the end flows peer to peer. (Growing into SFU with real media is
 * {@code SfuMeetingIT}'s, against Kurento.)
 */
@DisplayName("an AUTO room in SFU that shrinks, in browsers through the gateway")
class AutoRoomShrinksIT {

    private final ConferencePages browsers = new ConferencePages();

    @BeforeEach
    void chromium() {
        HeadlessChromium.requireInstalled();
    }

    @AfterEach
    void closeBrowsers() {
        browsers.close();
    }

    @Test
    @DisplayName("moves back to a mesh once two are left: both pages switch and play each other's video, as themselves")
    void shrinksIntoMesh() throws Exception {
        String room = sfuAutoRoom();
        ChromeDriver ada = join(room, "Ada");
        ChromeDriver bob = join(room, "Bob");
        ChromeDriver cy = join(room, "Cy");
        String adaId = ConferencePages.participantId(ada);
        String bobId = ConferencePages.participantId(bob);
        for (ChromeDriver page : List.of(ada, bob, cy)) {
            assertThat(topologyShown(page)).isEqualTo("SFU");
        }

        cy.quit();
        for (ChromeDriver page : List.of(ada, bob)) {
            ConferencePages.waitUpTo(page, MediaTierPlatform.MESH_AFTER.plusSeconds(15))
                    .withMessage(() -> "the page shows " + topologyShown(page))
                    .until(driver -> "MESH".equals(topologyShown(page)));
        }
        ConferencePages.awaitRemoteVideoPlaying(ada, bobId);
        ConferencePages.awaitRemoteVideoPlaying(bob, adaId);
        assertThat(ConferencePages.participantId(ada)).isEqualTo(adaId);
        assertThat(ConferencePages.participantId(bob)).isEqualTo(bobId);
        assertThat(ConferencePages.text(ada, "connection-state")).doesNotContainIgnoringCase("reconnecting");
    }

    private ChromeDriver join(String room, String name) {
        return browsers.join("http://127.0.0.1:" + platform().port(Service.GATEWAY) + "?room=" + room, name);
    }

    private static String topologyShown(ChromeDriver page) {
        return (String) ConferencePages.script(page, "return document.getElementById('topology').dataset.topology");
    }

    /**
     * A new OPEN {@code AUTO} room made through the API, then marked as already grown into SFU in the database (as it
     * would be after more than {@code auto-sfu-above} joined): the test needs three pages, not five.
     */
    private static String sfuAutoRoom() throws Exception {
        LocalPlatform running = platform();
        String gateway = "http://127.0.0.1:" + running.port(Service.GATEWAY);
        ApiClient api = new ApiClient(gateway, ApiClient.clientCredentials(gateway,
                LocalPlatform.LOCAL_BACKEND_CLIENT_ID, running.localBackendSecret(), "rooms:write"));
        String room = api.post("/api/v1/rooms", "{\"access\": \"OPEN\", \"topology\": \"AUTO\"}").expect(201)
                .get("id").asString();
        var database = running.database();
        try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), database.username(),
                database.password());
             PreparedStatement grown = connection.prepareStatement(
                     "UPDATE signaling.room SET sfu_since = now() WHERE id = ?")) {
            grown.setString(1, room);
            assertThat(grown.executeUpdate()).isEqualTo(1);
        }
        return room;
    }

    private static LocalPlatform platform() {
        return MediaTierPlatform.get();
    }
}
