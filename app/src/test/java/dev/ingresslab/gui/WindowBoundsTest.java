package dev.ingresslab.gui;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Fitting remembered window bounds to the screens of now: pure arithmetic, no JavaFX. */
class WindowBoundsTest {

    private static final WindowBounds LAPTOP = new WindowBounds(0, 0, 1100, 800);

    @Test
    void aWindowThatFitsStaysWhereItWas() {
        WindowBounds saved = new WindowBounds(100, 50, 1200, 760);

        assertThat(saved.fitTo(List.of(new WindowBounds(0, 0, 1400, 900)))).isEqualTo(saved);
    }

    @Test
    void aWindowFromALargerScreenIsShrunkAndMovedOntoTheSmallerOne() {
        WindowBounds saved = new WindowBounds(100, 70, 1200, 760); // saved on 1400 × 900

        assertThat(saved.fitTo(List.of(LAPTOP))).isEqualTo(new WindowBounds(0, 40, 1100, 760));
    }

    @Test
    void aSizeWithoutAPositionIsCentredAndNeverLargerThanTheScreen() {
        assertThat(WindowBounds.ofSize(1200, 760).fitTo(List.of(LAPTOP)))
                .as("the newcomer's case: 1200 wide on 1100 sat at x = -50")
                .isEqualTo(new WindowBounds(0, 20, 1100, 760));
        assertThat(WindowBounds.ofSize(3000, 2000).fitTo(List.of(LAPTOP))).isEqualTo(LAPTOP);
        assertThat(WindowBounds.ofSize(900, 600).fitTo(List.of(LAPTOP)))
                .isEqualTo(new WindowBounds(100, 100, 900, 600));
    }

    @Test
    void theUsableAreaLeavesPanelsAndDocksFree() {
        WindowBounds belowATopPanel = new WindowBounds(0, 27, 1100, 773);

        assertThat(new WindowBounds(-40, -10, 900, 900).fitTo(List.of(belowATopPanel)))
                .isEqualTo(new WindowBounds(0, 27, 900, 773));
    }

    @Test
    void aWindowOnAScreenThatIsGoneIsCentredOnThePrimary() {
        WindowBounds onTheUnpluggedMonitor = new WindowBounds(1500, 100, 800, 600);

        assertThat(onTheUnpluggedMonitor.fitTo(List.of(LAPTOP))).isEqualTo(new WindowBounds(150, 100, 800, 600));
    }

    @Test
    void aWindowIsFittedToTheScreenItOverlapsMost() {
        WindowBounds right = new WindowBounds(1100, 0, 1920, 1080);
        WindowBounds mostlyOnTheRight = new WindowBounds(1000, 700, 1000, 600); // its bottom below the screen

        assertThat(mostlyOnTheRight.fitTo(List.of(LAPTOP, right)))
                .isEqualTo(new WindowBounds(1100, 480, 1000, 600));
    }

    @Test
    void badInputIsRefusedWithAReason() {
        assertThatThrownBy(() -> WindowBounds.ofSize(800, 600).fitTo(List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no screen");
        assertThatThrownBy(() -> WindowBounds.ofSize(-1, 600)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 0");
        assertThatThrownBy(() -> WindowBounds.ofSize(Double.NaN, 600)).isInstanceOf(IllegalArgumentException.class);
    }
}
