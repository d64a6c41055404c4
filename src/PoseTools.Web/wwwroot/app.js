'use strict';
// The upload page: sends each chosen photo to the API and shows the overlay, landmark table and downloads; a video
// goes to the workout endpoint and its people, repetitions, faults and holds are shown as tables.
// Everything the page shows from a response is set as text (never as HTML).
(function () {
  const form = document.getElementById('form');
  const input = document.getElementById('files');
  const drop = document.getElementById('drop');
  const button = document.getElementById('analyse');
  const status = document.getElementById('status');
  const results = document.getElementById('results');
  const complexity = document.getElementById('complexity');
  const maxPoses = document.getElementById('maxPoses');
  const exercise = document.getElementById('exercise');
  let chosen = [];

  function choose(files) {
    chosen = files.filter(f => f.size > 0);
    status.textContent = chosen.length === 0 ? 'No file chosen.' : `${chosen.length} file${chosen.length > 1 ? 's' : ''} chosen.`;
    button.disabled = chosen.length === 0;
  }

  input.addEventListener('change', () => choose(Array.from(input.files)));
  ['dragenter', 'dragover'].forEach(type => drop.addEventListener(type, e => { e.preventDefault(); drop.classList.add('over'); }));
  ['dragleave', 'drop'].forEach(type => drop.addEventListener(type, e => { e.preventDefault(); drop.classList.remove('over'); }));
  drop.addEventListener('drop', e => choose(Array.from(e.dataTransfer.files)));

  form.addEventListener('submit', async e => {
    e.preventDefault();
    button.disabled = true;
    results.textContent = '';
    for (let i = 0; i < chosen.length; i++) {
      status.textContent = `Analysing ${i + 1} of ${chosen.length}…`;
      await (isVideo(chosen[i]) ? analyseWorkout(chosen[i]) : analyse(chosen[i]));
    }
    status.textContent = `Done: ${chosen.length} file${chosen.length > 1 ? 's' : ''}.`;
    button.disabled = chosen.length === 0;
  });

  function element(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  // By the browser's type, else the name: the server judges the content again either way.
  function isVideo(file) {
    return file.type.startsWith('video/') || /\.(mp4|m4v|mov|avi|mkv|webm)$/i.test(file.name);
  }

  function upload(file, field = 'image') {
    const body = new FormData();
    body.append(field, file);
    body.append('modelComplexity', complexity.value);
    body.append('maxPoses', maxPoses.value);
    return body;
  }

  async function failure(response) {
    try { return (await response.json()).error.message; } catch { return `The server answered ${response.status}.`; }
  }

  async function analyse(file) {
    const card = element('article', 'result');
    card.append(element('h2', null, file.name));
    results.append(card);
    const started = performance.now();
    let response;
    try { response = await fetch('api/pose', { method: 'POST', body: upload(file) }); }
    catch { card.append(element('p', 'error', 'The server cannot be reached.')); return; }
    if (!response.ok) { card.append(element('p', 'error', await failure(response))); return; }
    const result = await response.json();
    const cached = response.headers.get('X-PoseTools-Cache') === 'hit';

    const overlayResponse = await fetch('api/pose/skeleton', { method: 'POST', body: upload(file) });
    if (!overlayResponse.ok) { card.append(element('p', 'error', await failure(overlayResponse))); return; }
    const overlayBlob = await overlayResponse.blob();
    const overlayUrl = URL.createObjectURL(overlayBlob);
    const image = element('img', 'overlay');
    image.alt = `Skeleton on ${file.name}`;
    image.src = overlayUrl;
    card.append(image);

    const people = result.poses.length;
    card.append(element('p', 'summary',
      `${people === 0 ? 'No person found' : people === 1 ? '1 person' : people + ' people'} · ${result.width} × ${result.height} px · ` +
      `${['lite', 'full', 'heavy'][result.modelComplexity]} model · ${result.milliseconds.toFixed(1)} ms on the server` +
      `${cached ? ' (cached)' : ''} · ${(performance.now() - started).toFixed(0)} ms in all`));

    const base = file.name.replace(/\.[^.]*$/, '') || 'photo';
    const downloads = element('div', 'downloads');
    // The server answers a JPEG photo with a JPEG overlay, any other with a PNG.
    const jpeg = overlayBlob.type === 'image/jpeg';
    const overlay = element('a', null, `Download overlay (${jpeg ? 'JPEG' : 'PNG'})`);
    overlay.href = overlayUrl;
    overlay.download = `${base}.pose.${jpeg ? 'jpg' : 'png'}`;
    const json = element('a', null, 'Download landmarks (JSON)');
    json.href = URL.createObjectURL(new Blob([JSON.stringify(result, null, 2)], { type: 'application/json' }));
    json.download = `${base}.pose.json`;
    downloads.append(overlay, json);
    card.append(downloads);

    result.poses.forEach((pose, index) => card.append(landmarkTable(pose, index, people)));
  }

  async function analyseWorkout(file) {
    const card = element('article', 'result workout');
    card.append(element('h2', null, file.name));
    results.append(card);
    const body = upload(file, 'video');
    if (exercise.value) body.append('exercise', exercise.value);
    let response;
    try { response = await fetch('api/workout', { method: 'POST', body }); }
    catch { card.append(element('p', 'error', 'The server cannot be reached.')); return; }
    if (!response.ok) { card.append(element('p', 'error', await failure(response))); return; }
    const workout = await response.json();
    const active = workout.people.filter(p => p.exercise !== 'Unknown');
    card.append(element('p', 'summary',
      `${workout.frames} frames (${(workout.frames / workout.framesPerSecond).toFixed(1)} s) · ${workout.width} × ${workout.height} px · ` +
      `${workout.people.length === 1 ? '1 person' : workout.people.length + ' people'}, ${active.length} exercising · ` +
      `${workout.modelComplexity.toLowerCase()} model · ${(workout.milliseconds / 1000).toFixed(1)} s on the server`));
    workout.people.forEach(person => card.append(personSection(person)));

    const json = element('a', null, 'Download the analysis (JSON)');
    json.href = URL.createObjectURL(new Blob([JSON.stringify(workout, null, 2)], { type: 'application/json' }));
    json.download = `${file.name.replace(/\.[^.]*$/, '') || 'video'}.workout.json`;
    const downloads = element('div', 'downloads');
    downloads.append(json);
    card.append(downloads);
  }

  const heldExercises = ['Plank', 'SidePlank', 'WallSit'];

  function personSection(person) {
    const section = element('section', 'person');
    const counted = person.repetitions.length;
    const held = heldExercises.includes(person.exercise);
    const what = person.exercise === 'Unknown' ? 'no exercise recognised'
      : held ? `${person.exercise}: ${person.holds.length} hold${person.holds.length === 1 ? '' : 's'}`
      : `${person.exercise}: ${counted} repetition${counted === 1 ? '' : 's'}`;
    section.append(element('h3', null, `Person ${person.personId ?? 1} · ${what}`));
    if (person.evidence) section.append(element('p', 'evidence', `${person.evidence} (confidence ${person.confidence.toFixed(2)})`));
    const rows = held
      ? person.holds.map((h, i) => [`hold ${i + 1}`, `${h.startFrame}–${h.endFrame}`, h.seconds === null ? '' : `${h.seconds.toFixed(1)} s`, h.faults, h.feedback])
      : person.repetitions.map(r => [`#${r.index}`, `${r.startFrame}–${r.endFrame}`, `${r.extremeAngle.toFixed(0)}°`, r.faults, r.feedback]);
    if (rows.length === 0) return section;
    const table = element('table', 'repetitions');
    const head = element('tr');
    [held ? 'hold' : 'repetition', 'frames', held ? 'held' : 'turn', 'form', 'feedback'].forEach(h => head.append(element('th', null, h)));
    table.append(head);
    rows.forEach(([name, frames, value, faults, feedback]) => {
      const row = element('tr', faults.length ? 'fault' : 'good');
      row.append(element('td', null, name), element('td', null, frames), element('td', null, value),
        element('td', null, faults.length ? faults.join(', ') : 'good form'), element('td', null, feedback.join(' ')));
      table.append(row);
    });
    const wrap = element('div', 'table-wrap');
    wrap.append(table);
    section.append(wrap);
    return section;
  }

  function landmarkTable(pose, index, count) {
    const details = element('details');
    details.open = index === 0;
    details.append(element('summary', null, `Landmarks${count > 1 ? ` of person ${index + 1}` : ''} (score ${pose.score.toFixed(2)})`));
    const wrap = element('div', 'table-wrap');
    const table = element('table', 'landmarks');
    const head = element('tr');
    ['landmark', 'x', 'y', 'z', 'visibility'].forEach(h => head.append(element('th', null, h)));
    table.append(head);
    pose.landmarks.forEach(l => {
      const row = element('tr');
      row.append(element('td', null, l.name), element('td', null, l.x.toFixed(3)), element('td', null, l.y.toFixed(3)),
        element('td', null, l.z.toFixed(3)), element('td', null, l.visibility.toFixed(2)));
      table.append(row);
    });
    wrap.append(table);
    details.append(wrap);
    return details;
  }
})();
