// The clock bar: the simulated time, large and always visible (sticky),
// and the controls that move it: Reset, Step back, Step, advance by a
// chosen duration, run to a breakpoint, Run to end; progress and Cancel
// during long runs.
//
//   const clock = new ClockBar(container, actions);
//   clock.update(model);            // time and enabled states
//   clock.progress({ fraction, now }) / clock.busy(label | null)

import { button, h, text } from '../shared/dom.js';
import { formatDuration, formatWhen, parseDuration, zoneLabel } from './time.js';

const ADVANCE_CHOICES = [
  ['15m', '15 minutes'],
  ['1h', '1 hour'],
  ['6h', '6 hours'],
  ['1d', '1 day'],
  ['2d', '2 days'],
  ['1w', '1 week'],
];

export class ClockBar {
  /**
   * @param {HTMLElement} container
   * @param {{reset: Function, stepBack: Function, step: Function, advance: (d: string) => void, runToBreakpoint: Function, runToEnd: Function, cancel: Function}} actions
   */
  constructor(container, actions) {
    this.container = container;
    this.timeText = h('span', { class: 'fp-clock-now', 'data-testid': 'clock-now' }, '—');
    this.zoneText = h('span', { class: 'fp-clock-zone', 'data-testid': 'clock-zone' }, '');
    this.subText = h('span', { class: 'fp-clock-sub', 'data-testid': 'clock-sub' }, 'No fixture loaded');
    this.utcText = h('span', { class: 'fp-clock-utc', 'data-testid': 'clock-utc' }, '');
    this.bar = h('progress', { class: 'fp-clock-bar', max: 1, value: 0, 'aria-label': 'Time through the test run' });
    this.statusText = h('span', { class: 'fp-clock-status', 'data-testid': 'clock-status', role: 'status', 'aria-live': 'polite' }, '');

    this.buttons = {
      reset: button('↺ Reset', actions.reset, { testid: 'reset', title: 'Back to the clock start: nothing has happened yet' }),
      stepBack: button('◀ Step back', actions.stepBack, { testid: 'step-back', title: 'Back to the moment before (the run is replayed) — key P' }),
      step: button('Step ▶', actions.step, { variant: 'primary', testid: 'step', title: 'Move the clock to the next moment when something happens — key N' }),
      runToBreakpoint: button('Run to breakpoint', actions.runToBreakpoint, { testid: 'run-to-breakpoint', title: 'Run until a contact reaches a node marked with a breakpoint' }),
      runToEnd: button('Run to end ⇥', actions.runToEnd, { testid: 'run-to-end', title: 'Run the whole test to the end of its clock — key E' }),
      cancel: button('Cancel', actions.cancel, { variant: 'danger', testid: 'cancel', title: 'Stop the run here' }),
    };
    this.buttons.cancel.hidden = true;

    this.advanceSelect = h(
      'select',
      { class: 'fp-input fp-advance-select', 'aria-label': 'Advance by', 'data-testid': 'advance-select' },
      ADVANCE_CHOICES.map(([v, label]) => h('option', { value: v, selected: v === '1d' }, label)),
      h('option', { value: 'custom' }, 'other…'),
    );
    this.advanceCustom = h('input', { class: 'fp-input fp-input--short', placeholder: 'e.g. 3d12h', 'aria-label': 'Duration to advance', hidden: true, 'data-testid': 'advance-custom', autocomplete: 'off' });
    this.advanceSelect.addEventListener('change', () => {
      this.advanceCustom.hidden = this.advanceSelect.value !== 'custom';
      if (!this.advanceCustom.hidden) this.advanceCustom.focus();
    });
    this.advanceButton = button('Advance', () => this.advance(actions), { testid: 'advance', title: 'Move the clock forward by this much, processing everything due' });
    this.advanceCustom.addEventListener('keydown', (e) => e.key === 'Enter' && this.advance(actions));

    container.append(
      h(
        'div',
        { class: 'fp-clock-time' },
        h('span', { class: 'fp-clock-label' }, 'Simulated time'),
        h('div', { class: 'fp-clock-line' }, this.timeText, this.zoneText),
        h('div', { class: 'fp-clock-meta' }, this.subText, this.utcText),
      ),
      h(
        'div',
        { class: 'fp-clock-right' },
        h(
          'div',
          { class: 'fp-clock-controls', role: 'toolbar', 'aria-label': 'Clock controls' },
          h('div', { class: 'fp-clock-row' }, this.buttons.reset, this.buttons.stepBack, this.buttons.step, this.buttons.runToEnd, this.buttons.cancel, h('div', { class: 'fp-clock-progress' }, this.bar, this.statusText)),
          h('div', { class: 'fp-clock-row' }, h('span', { class: 'fp-advance' }, h('span', { class: 'fp-advance-label' }, 'Advance by'), this.advanceSelect, this.advanceCustom, this.advanceButton), this.buttons.runToBreakpoint),
        ),
      ),
    );
    this.model = null;
    this.isBusy = false;
  }

  advance(actions) {
    const value = this.advanceSelect.value === 'custom' ? this.advanceCustom.value.trim() : this.advanceSelect.value;
    const seconds = parseDuration(value);
    if (seconds === null || seconds <= 0) {
      this.advanceCustom.classList.add('fp-input--bad');
      this.setStatus(`'${value}' is not a duration: write 90m, 3d, 1d12h…`);
      return;
    }
    this.advanceCustom.classList.remove('fp-input--bad');
    actions.advance(value);
  }

  setStatus(message) {
    text(this.statusText, message);
  }

  /** Redraws from the model. */
  update(model) {
    this.model = model;
    const st = model.status;
    const zone = model.workflow?.timezone ?? 'UTC';
    if (!st) {
      text(this.timeText, '—');
      text(this.zoneText, '');
      text(this.subText, model.problems?.length ? 'The fixture has problems (see Fixture JSON)' : 'No fixture loaded');
      text(this.utcText, '');
      this.bar.value = 0;
    } else {
      text(this.timeText, formatWhen(st.now, zone));
      text(this.zoneText, zoneLabel(zone));
      const elapsed = st.nowSeconds - st.startSeconds;
      const span = st.untilSeconds - st.startSeconds;
      text(this.subText, st.finished ? `Run complete · ${formatDuration(elapsed)} after the start` : st.steps === 0 ? `Start of the test · it runs ${formatDuration(span)}, to ${formatWhen(st.until, zone, { year: false })}` : `${formatDuration(elapsed)} after the start · the test ends ${formatWhen(st.until, zone, { year: false })}`);
      const who = model.selectedContact;
      const theirZone = who ? model.zoneOf(who) : zone;
      text(
        this.utcText,
        theirZone !== zone
          ? ` · for ${who}: ${formatWhen(st.now, theirZone, { year: false })} (${zoneLabel(theirZone)})`
          : zone === 'UTC'
            ? ''
            : ` · ${st.now.slice(0, 16).replace('T', ' ')} UTC`,
      );
      this.bar.value = span > 0 ? Math.min(1, Math.max(0, elapsed / span)) : 1;
    }
    this.container.dataset.finished = st?.finished ? '1' : '0';
    this.enable();
  }

  enable() {
    const st = this.model?.status;
    const ready = !!st && !this.isBusy && !this.model?.stale;
    const b = this.buttons;
    b.reset.disabled = !ready || st.steps === 0;
    b.stepBack.disabled = !ready || st.steps === 0;
    b.step.disabled = !ready || st.finished;
    b.runToEnd.disabled = !ready || st.finished;
    b.runToBreakpoint.disabled = !ready || st.finished || !(this.model.breakpoints?.size > 0);
    b.runToBreakpoint.title = this.model?.breakpoints?.size ? `Run until a contact reaches ${[...this.model.breakpoints].map((id) => `'${id}'`).join(', ')}` : 'Set a breakpoint first: click the dot on a node in the diagram';
    this.advanceButton.disabled = !ready || st.finished;
    this.advanceSelect.disabled = this.advanceButton.disabled;
    this.advanceCustom.disabled = this.advanceButton.disabled;
  }

  /** Shows or clears a busy state (label: what is running). */
  busy(label) {
    this.isBusy = !!label;
    this.container.dataset.busy = label ? '1' : '0';
    this.buttons.cancel.hidden = !label;
    if (label) {
      this.busyLabel = label;
      this.setStatus(label);
    } else if (this.statusText.textContent === this.busyLabel || /^Running… /.test(this.statusText.textContent)) {
      this.setStatus(''); // a label of work that ended must not stay
    }
    this.enable();
  }

  /** Progress of a long run: {fraction, now}. */
  progress(p) {
    if (!this.isBusy) return;
    this.bar.value = p.fraction ?? 0;
    const zone = this.model?.workflow?.timezone ?? 'UTC';
    if (p.now) {
      text(this.timeText, formatWhen(p.now, zone));
      this.setStatus(`Running… ${Math.round((p.fraction ?? 0) * 100)}% (${formatWhen(p.now, zone, { year: false })})`);
    }
  }
}
