// "Regenerate history": starts a job over the hub (Regenerate), shows its progress, and on the hub's
// regenerationCompleted push shows a notification and calls onCompleted (the chart redraws). The completion is
// never polled: the progress bar reads GET /api/regenerate/{jobId} only to move while the job runs.

import { getJson } from './api.js';
import { integer } from './format.js';
import { toast } from './toast.js';

const PROGRESS_POLL_MS = 500;

export class Regeneration {
  #live;
  #elements;
  #symbol;
  #onCompleted;
  #jobs = new Map(); // jobId -> symbol, for jobs of this page still running
  #early = new Map(); // jobId -> job: completions pushed before the Regenerate call had answered

  constructor(live, elements, { symbol, onCompleted }) {
    this.#live = live;
    this.#elements = elements;
    this.#symbol = symbol;
    this.#onCompleted = onCompleted;
    live.on('regenerationCompleted', (job) => this.#completed(job));
    elements.button.addEventListener('click', () => this.#openDialog());
    elements.dialog.addEventListener('close', () => {
      if (elements.dialog.returnValue === 'start') {
        this.#start();
      }
    });
  }

  #openDialog() {
    const symbol = this.#symbol();
    if (!symbol) {
      toast({ kind: 'regeneration-error', tone: 'error', title: 'No symbol', body: 'Pick a symbol first.' });
      return;
    }
    this.#elements.symbol.textContent = symbol;
    this.#elements.seed.value = String(Math.floor(Math.random() * 1_000_000));
    this.#elements.dialog.returnValue = '';
    this.#elements.dialog.showModal();
  }

  async #start() {
    const symbol = this.#symbol();
    const seed = Number.parseInt(this.#elements.seed.value, 10);
    const request = { symbol, period: this.#elements.period.value, interval: 'auto', seed: Number.isNaN(seed) ? 0 : seed };
    if (!this.#live.connected) {
      toast({ kind: 'regeneration-error', tone: 'error', title: 'Not connected', body: 'Regeneration needs the live connection; it is reconnecting.' });
      return;
    }
    let jobId;
    try {
      this.#elements.button.disabled = true;
      jobId = await this.#live.regenerate(request);
    } catch (error) {
      this.#elements.button.disabled = false;
      const message = /unauthorized/i.test(error.message) ? 'An admin API key is required to regenerate history.' : error.message.replace(/^.*HubException: /, '');
      toast({ kind: 'regeneration-error', tone: 'error', title: 'Regeneration refused', body: message, timeout: 10000 });
      return;
    }
    this.#jobs.set(jobId, symbol);
    this.#showProgress(`Regenerating ${symbol} (${request.period})…`, 0);
    const early = this.#early.get(jobId);
    if (early) {
      this.#early.delete(jobId);
      this.#completed(early);
      return;
    }
    this.#followProgress(jobId, this.#live.epoch);
  }

  async #followProgress(jobId, epoch) {
    while (this.#jobs.has(jobId)) {
      try {
        const job = await getJson(`/api/regenerate/${encodeURIComponent(jobId)}`);
        const finished = job.status === 'completed' || job.status === 'failed';
        if (this.#jobs.has(jobId) && !finished) {
          this.#showProgress(`Regenerating ${job.symbol} (${job.period}): ${integer(job.barCount)} bars`, job.progress);
        } else if (finished && this.#live.epoch !== epoch) {
          this.#completed(job); // the connection that would have been told is gone: the push will not come
        }
      } catch {
        // The push still comes when it ends; the bar just stops moving meanwhile.
      }
      await new Promise((resolve) => setTimeout(resolve, PROGRESS_POLL_MS));
    }
  }

  #completed(job) {
    if (!this.#jobs.delete(job.jobId)) {
      // Pushed only to the connection that started it: ours, but its id is not known yet (a job that ended
      // before the call's answer arrived). Kept until then; a page holds few of these.
      this.#early.set(job.jobId, job);
      return;
    }
    this.#elements.button.disabled = this.#jobs.size > 0;
    if (this.#jobs.size === 0) {
      this.#elements.progress.hidden = true;
    }
    if (job.status === 'completed') {
      toast({
        kind: 'regeneration-completed', tone: 'success', title: `${job.symbol} history regenerated`,
        body: `${integer(job.barCount)} bars over ${job.period} (seed ${job.seed}).`, timeout: 8000,
      });
      this.#onCompleted(job);
    } else {
      toast({ kind: 'regeneration-failed', tone: 'error', title: `Regenerating ${job.symbol} failed`, body: job.error ?? '', timeout: 12000 });
    }
  }

  #showProgress(label, progress) {
    const percent = Math.round(Math.max(0, Math.min(1, progress)) * 100);
    this.#elements.progress.hidden = false;
    this.#elements.label.textContent = label;
    this.#elements.percent.textContent = `${percent}%`;
    this.#elements.bar.style.width = `${percent}%`;
  }
}
