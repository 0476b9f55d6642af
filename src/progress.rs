//! A progress line on stderr for long runs: shown only when stderr is a terminal and the run
//! has taken more than a second, so short runs and redirected output stay clean.

use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::ingest::Progress;

/// The display: a spinner with the phase, files done and rows read.
pub struct Display {
    bar: ProgressBar,
    /// Dropped to stop the ticker at once (it waits on this between ticks).
    stop: Option<mpsc::Sender<()>>,
    ticker: Option<std::thread::JoinHandle<()>>,
    /// With `HOTLINE_BULLETIN_TIMING` set (for developers): each phase's wall time on stderr.
    timing: Option<std::cell::RefCell<(Instant, String)>>,
}

impl Display {
    /// Starts watching `counters` for `files` inputs.
    pub fn start(counters: Arc<Progress>, files: usize) -> Display {
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden());
        bar.set_style(ProgressStyle::with_template("{spinner} {msg}").expect("valid template"));
        let (stop, stopped) = mpsc::channel::<()>();
        let ticker = {
            let bar = bar.clone();
            std::thread::spawn(move || {
                let started = Instant::now();
                let mut shown = false;
                while let Err(RecvTimeoutError::Timeout) =
                    stopped.recv_timeout(Duration::from_millis(100))
                {
                    if !shown && started.elapsed() > Duration::from_secs(1) {
                        // Draws only to a terminal; indicatif hides itself otherwise.
                        bar.set_draw_target(ProgressDrawTarget::stderr());
                        shown = true;
                    }
                    let rows = counters.rows.load(Ordering::Relaxed);
                    let read = counters.files.load(Ordering::Relaxed);
                    if read < files && rows == 0 {
                        // A large workbook's shared strings load before its first row.
                        bar.set_message(format!("读取输入文件 {read}/{files}，正在打开"));
                    } else if read < files {
                        bar.set_message(format!("读取输入文件 {read}/{files}，已读 {rows} 行"));
                    }
                    bar.tick();
                }
            })
        };
        Display {
            bar,
            stop: Some(stop),
            ticker: Some(ticker),
            timing: std::env::var_os("HOTLINE_BULLETIN_TIMING")
                .map(|_| std::cell::RefCell::new((Instant::now(), "读取输入文件".to_owned()))),
        }
    }

    /// Names the phase after reading ("核对工单", "生成文件").
    pub fn phase(&self, text: &str) {
        self.lap(text);
        self.bar.set_message(text.to_owned());
    }

    fn lap(&self, next: &str) {
        if let Some(timing) = &self.timing {
            let (started, name) = &mut *timing.borrow_mut();
            eprintln!("用时：{name} {:.3} 秒", started.elapsed().as_secs_f64());
            *started = Instant::now();
            next.clone_into(name);
        }
    }
}

impl Drop for Display {
    fn drop(&mut self) {
        self.lap("");
        drop(self.stop.take());
        if let Some(t) = self.ticker.take() {
            let _ = t.join();
        }
        self.bar.finish_and_clear();
    }
}
