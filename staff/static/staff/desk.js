/* Show the fields that fit who sends the petition, and suggest duplicates while typing. */
(function () {
  var form = document.getElementById("desk-form");
  function kind() { var c = form.querySelector("input[name=petitioner_kind]:checked"); return c ? c.value : "person"; }
  function toggle() {
    document.getElementById("person-fields").hidden = kind() === "anonymous";
    document.getElementById("group-fields").hidden = kind() !== "group";
    document.getElementById("forwarded-from").hidden = form.elements.channel.value !== "forwarded";
  }
  var timer = null;
  function lookUp() {
    clearTimeout(timer);
    timer = setTimeout(function () {
      var params = new URLSearchParams();
      ["id_number", "phone", "subject", "locality"].forEach(function (name) {
        params.set(name, form.elements[name].value);
      });
      fetch(form.dataset.duplicatesUrl + "?" + params.toString(), {credentials: "same-origin"})
        .then(function (r) { return r.ok ? r.text() : ""; })
        .then(function (html) { document.getElementById("duplicates").innerHTML = html.trim(); });
    }, 300);
  }
  form.addEventListener("change", toggle);
  ["id_number", "phone", "subject", "locality"].forEach(function (name) {
    form.elements[name].addEventListener("input", lookUp);
    form.elements[name].addEventListener("change", lookUp);
  });
  document.getElementById("duplicates").addEventListener("click", function (event) {
    var button = event.target.closest("[data-join]");
    if (button) { form.elements.duplicate_of.value = button.dataset.join; form.elements.duplicate_of.focus(); }
  });
  toggle();
})();
