// The report period form: choosing dates means "custom", and the browser's own time zone is offered
// when the page was opened without one (the server cannot know it).
const form = document.querySelector<HTMLFormElement>('form.period-form');
if (form) {
  for (const input of form.querySelectorAll<HTMLInputElement>('input[type="date"]')) {
    input.addEventListener('change', () => {
      const custom = form.querySelector<HTMLInputElement>('input[name="range"][value="custom"]');
      if (custom) custom.checked = true;
    });
  }
  const zone = form.querySelector<HTMLSelectElement>('select[name="tz"]');
  const browserZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (zone && !zone.dataset.explicit && !new URLSearchParams(location.search).has('tz') && browserZone) {
    if (![...zone.options].some((o) => o.value === browserZone))
      zone.add(new Option(browserZone, browserZone));
    zone.value = browserZone;
  }
}
