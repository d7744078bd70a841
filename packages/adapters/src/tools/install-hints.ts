/** How to install each local tool (the `scripts/setup_tools.py` sub-commands of the original, step by step). */

export const REMBG_INSTALL_HINT =
  'install it with: python3 -m venv tools/rembg/.venv && tools/rembg/.venv/bin/pip install rembg onnxruntime pillow';

export const REALESRGAN_NCNN_INSTALL_HINT =
  'download the realesrgan-ncnn-vulkan-*-<ubuntu|macos|windows>.zip asset of the newest https://github.com/xinntao/Real-ESRGAN/releases ' +
  'release that has one, unzip it into tools/realesrgan/ so the binary is tools/realesrgan/realesrgan-ncnn-vulkan (chmod +x) ' +
  'and the models are in tools/realesrgan/models';

export const REALESRGAN_PYTHON_INSTALL_HINT =
  'install it with: python3 -m venv tools/realesrgan-python/.venv && tools/realesrgan-python/.venv/bin/pip install torch torchvision ' +
  'numpy opencv-python pillow scipy tqdm requests pyyaml addict future lmdb scikit-image tb-nightly yapf, then clone ' +
  'https://github.com/XPixelGroup/BasicSR and https://github.com/xinntao/Real-ESRGAN into tools/realesrgan-python/src/';
