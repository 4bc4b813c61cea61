/* "Use my location": fill in the latitude and longitude from the browser's position.
   Without script, or without geolocation, the button stays hidden and both can be typed. */
(function () {
  var button = document.getElementById("use-location");
  if (!button || !navigator.geolocation) { return; }
  var status = document.getElementById("location-status");
  button.hidden = false;
  button.addEventListener("click", function () {
    status.textContent = button.dataset.waiting;
    navigator.geolocation.getCurrentPosition(function (position) {
      // Six decimals: about 0.1 m, all the form keeps.
      document.getElementById("id_latitude").value = position.coords.latitude.toFixed(6);
      document.getElementById("id_longitude").value = position.coords.longitude.toFixed(6);
      status.textContent = button.dataset.found;
    }, function () {
      status.textContent = button.dataset.failed;
    }, {enableHighAccuracy: true, timeout: 15000, maximumAge: 60000});
  });
})();
