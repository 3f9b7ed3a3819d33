import { Controller } from '@nestjs/common';
import type {
  downloadList,
  fileComplete,
  fileCreate,
  fileDelete,
  fileDownload,
  fileGet,
  fileList,
  fileUpdate,
  ResponseOf,
} from '@vv/contracts';
import { CommandForwarder } from '../routing/command-forwarder';
import { Call, type RouteCall } from '../routing/route-call';
import { Route } from '../routing/route.decorator';
import { filesRoutes } from './files.routes';

@Controller()
export class FilesController {
  constructor(private readonly commands: CommandForwarder) {}

  @Route(filesRoutes.create)
  create(@Call() call: RouteCall<typeof fileCreate>): Promise<ResponseOf<typeof fileCreate>> {
    return this.commands.forward(call);
  }

  @Route(filesRoutes.complete)
  complete(@Call() call: RouteCall<typeof fileComplete>): Promise<ResponseOf<typeof fileComplete>> {
    return this.commands.forward(call);
  }

  @Route(filesRoutes.list)
  list(@Call() call: RouteCall<typeof fileList>): Promise<ResponseOf<typeof fileList>> {
    return this.commands.forward(call);
  }

  @Route(filesRoutes.get)
  get(@Call() call: RouteCall<typeof fileGet>): Promise<ResponseOf<typeof fileGet>> {
    return this.commands.forward(call);
  }

  @Route(filesRoutes.download)
  download(@Call() call: RouteCall<typeof fileDownload>): Promise<ResponseOf<typeof fileDownload>> {
    return this.commands.forward(call);
  }

  @Route(filesRoutes.update)
  update(@Call() call: RouteCall<typeof fileUpdate>): Promise<ResponseOf<typeof fileUpdate>> {
    return this.commands.forward(call);
  }

  @Route(filesRoutes.delete)
  async delete(@Call() call: RouteCall<typeof fileDelete>): Promise<void> {
    await this.commands.forward(call);
  }

  @Route(filesRoutes.downloads)
  downloads(@Call() call: RouteCall<typeof downloadList>): Promise<ResponseOf<typeof downloadList>> {
    return this.commands.forward(call);
  }
}
