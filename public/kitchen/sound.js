// The kitchen's beeps: new work and voids sound different; browsers keep audio locked until a tap unlocks it.
import { store } from "./live.js";

let audio = null;
let beeps = 0;
/** The store mirrors the audio's state, so the sound button says whether the screen can be heard. */
const mirror = () => store.dispatch({ type: "audio", audio: audio?.state ?? null });

export function unlockAudio() {
	try {
		const Ctx = window.AudioContext ?? window.webkitAudioContext;
		if (!Ctx) return;
		if (!audio) {
			audio = new Ctx();
			audio.addEventListener("statechange", mirror);
			mirror();
		}
		if (audio.state === "suspended") audio.resume().then(mirror, () => undefined);
	} catch {
		// No audio device: the flash still shows.
	}
}
addEventListener("pointerdown", unlockAudio, { capture: true });
addEventListener("keydown", unlockAudio, { capture: true });

/** "new": two bright tones; "void": a low double buzz, so a cook hears the difference without looking. */
function beep(kind) {
	beeps += 1;
	document.body.dataset.beeps = String(beeps);
	document.body.dataset.lastBeep = kind;
	if (store.getState().sound === "off") return;
	if (audio?.state === "running") return play(kind);
	// Unlocked by a tap but still waking up (a slow audio device): play as soon as it is.
	if (audio && navigator.userActivation?.hasBeenActive) {
		audio.resume().then(() => play(kind), blocked);
		return;
	}
	blocked();
}

function blocked() {
	document.body.dataset.sound = "blocked";
	mirror();
}

function play(kind) {
	const tones =
		kind === "void"
			? [
					[240, 0, 0.3, "square"],
					[180, 0.38, 0.4, "square"],
				]
			: [
					[880, 0, 0.14, "sine"],
					[1320, 0.18, 0.2, "sine"],
				];
	const t0 = audio.currentTime + 0.01;
	for (const [freq, at, len, type] of tones) {
		const osc = audio.createOscillator();
		const gain = audio.createGain();
		osc.type = type;
		osc.frequency.value = freq;
		gain.gain.setValueAtTime(0.0001, t0 + at);
		gain.gain.exponentialRampToValueAtTime(0.35, t0 + at + 0.015);
		gain.gain.exponentialRampToValueAtTime(0.0001, t0 + at + len);
		osc.connect(gain).connect(audio.destination);
		osc.start(t0 + at);
		osc.stop(t0 + at + len + 0.05);
	}
	document.body.dataset.sound = "played";
}

// A push that raised an alert counts one more beep in the store: each is heard once.
let heard = store.getState().beep.count;
store.subscribe(s => {
	if (s.beep.count === heard) return;
	heard = s.beep.count;
	beep(s.beep.kind);
});
