package dev.conclave.e2e;

import static dev.conclave.testing.ConferencePages.awaitRemoteVideoPlaying;
import static dev.conclave.testing.ConferencePages.participantId;

import dev.conclave.testing.ApiClient;
import dev.conclave.testing.ConferencePages;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

/** What the page tests share: the rooms they call in, their browsers, and a few readings of a page. */
abstract class PageTests {

    final PageRooms rooms;
    final ConferencePages pages;

    PageTests(PageRooms rooms) {
        this.rooms = rooms;
        this.pages = new ConferencePages(rooms.browserSwitches());
    }

    /** Per test, not per class: a skip (no Chromium, no Kurento) shows in the report as a skipped test, with why. */
    @BeforeEach
    void prepareRooms() {
        rooms.prepare();
    }

    @AfterEach
    void closeBrowsers() {
        pages.close();
    }

    String gateway() {
        return rooms.gateway();
    }

    ApiClient api() {
        return rooms.api();
    }

    /** A new room of this topology, made through the API; its id. */
    String newRoom(String access) {
        return api().post("/api/v1/rooms", "{\"access\": \"" + access + "\", \"topology\": \"" + rooms.topology()
                + "\"}").expect(201).get("id").asString();
    }

    String roomUrl(String room) {
        return gateway() + "/?room=" + room;
    }

    ChromeDriver join(String room, String name, String... chromiumArguments) {
        return pages.join(roomUrl(room), name, chromiumArguments);
    }

    /** Ada and Bob in a new OPEN room, each playing the other's video. */
    List<ChromeDriver> adaAndBobInACall() {
        String room = newRoom("OPEN");
        ChromeDriver ada = join(room, "Ada");
        ChromeDriver bob = join(room, "Bob");
        awaitRemoteVideoPlaying(bob, participantId(ada));
        awaitRemoteVideoPlaying(ada, participantId(bob));
        return List.of(ada, bob);
    }

    static WebElement tile(ChromeDriver page, String participantId) {
        return page.findElement(By.cssSelector("#tiles .tile[data-participant-id='" + participantId + "']"));
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
