package dev.conclave.signaling.room;

import java.util.List;

public record RoomPage(List<Room> rooms, int page, int size, long totalRooms) {
}
